// Tencent's official package ships no types; this is the part the tests and bench call.
declare module "tls-sig-api-v2" {
  export class Api {
    constructor(sdkappid: number, key: string);
    genUserSig(userid: string, expire: number): string;
    genSig(userid: string, expire: number, userBuf: Uint8Array | string | null): string;
  }
}
