// Two alphabets share one codec: standard base64 (RFC 4648 §4) for `TLS.sig` and `TLS.userbuf`, and
// Tencent's URL-safe variant for the UserSig itself, which swaps `+` `/` `=` for `*` `-` `_`.
const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const standardAlphabet = `${letters}+/`;
const userSigAlphabet = `${letters}*-`;

/** Standard base64 with `=` padding, as Tencent signs `TLS.userbuf` and writes `TLS.sig`. */
export function encodeBase64(bytes: Uint8Array): string {
  return encode(bytes, standard);
}

/** Tencent's URL-safe base64 of a zlib stream: the final UserSig text. */
export function encodeUserSigBase64(bytes: Uint8Array): string {
  return encode(bytes, userSig);
}

interface Alphabet {
  single: string;
  /** Every 12-bit value as its two characters: three bytes become two lookups, not four. */
  pairs: string[];
  pad: string;
}

function alphabet(single: string, pad: string): Alphabet {
  const pairs: string[] = [];
  for (let i = 0; i < 4096; i++) pairs.push(single.charAt(i >>> 6) + single.charAt(i & 63));
  return { single, pairs, pad };
}

const standard = alphabet(standardAlphabet, "=");
const userSig = alphabet(userSigAlphabet, "_");

function encode(bytes: Uint8Array, { single, pairs, pad }: Alphabet): string {
  let text = "";
  const whole = bytes.length - (bytes.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    text += (pairs[n >>> 12] as string) + (pairs[n & 4095] as string);
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const n = ((bytes[whole] as number) << 16) | (rest === 2 ? (bytes[whole + 1] as number) << 8 : 0);
    text += pairs[n >>> 12] as string;
    text += rest === 2 ? single.charAt((n >>> 6) & 63) + pad : pad + pad;
  }
  return text;
}

// Decoding accepts both alphabets (and mixes of them): each character has one meaning either way, and
// UserSigs pasted through tools that "fix" URLs arrive with standard characters.
const padCodes = new Set(["=".charCodeAt(0), "_".charCodeAt(0)]);
const sextets = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  sextets[standardAlphabet.charCodeAt(i)] = i;
  sextets[userSigAlphabet.charCodeAt(i)] = i;
}

/**
 * Decodes standard or Tencent URL-safe base64. Padding is optional but, when present, must be complete and
 * only at the end. Returns `undefined` for anything else, including whitespace.
 */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  let end = text.length;
  while (end > 0 && padCodes.has(text.charCodeAt(end - 1))) end--;
  const padding = text.length - end;
  if (padding > 2 || (padding > 0 && text.length % 4 !== 0) || end % 4 === 1) return undefined;

  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const sextet = code < 128 ? (sextets[code] ?? -1) : -1;
    if (sextet < 0) return undefined;
    buffer = ((buffer << 6) | sextet) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (buffer >>> bits) & 0xff;
    }
  }
  return bytes;
}
