// The five query parameters Tencent wants on every request. `random` must be fresh per request (retries
// included): the server uses it to tell requests apart, so it comes from the platform's CSPRNG.

/**
 * A uniformly random unsigned 32-bit integer from `crypto.getRandomValues`.
 *
 * @example
 * randomUint32() // → 3141592653
 */
export function randomUint32(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] as number;
}

/**
 * The auth query of one client, as a function of the UserSig: `sdkappid`, `identifier`, `usersig`,
 * `random` (new on every call) and `contenttype=json`, in the order Tencent's documentation lists them.
 *
 * @example
 * const query = authQuery(1400000000, "administrator");
 * query(userSig) // → "sdkappid=1400000000&identifier=administrator&usersig=eJw…&random=28815&contenttype=json"
 */
export function authQuery(sdkAppId: number, identifier: string): (userSig: string) => string {
  const fixed = `sdkappid=${sdkAppId}&identifier=${encodeURIComponent(identifier)}&usersig=`;
  return (userSig) => `${fixed}${encodeURIComponent(userSig)}&random=${randomUint32()}&contenttype=json`;
}
