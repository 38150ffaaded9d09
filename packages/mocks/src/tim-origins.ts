import { regionTable } from "@timkit/spec";

/**
 * Every origin the mock answers on: each region's primary and backup domain over HTTPS, and the
 * configured `baseUrl` first (the sandbox's own origin, say), so an app that switches to the backup
 * domain on DNS trouble is mocked too.
 *
 * @example
 * timOrigins("http://127.0.0.1:4010")
 * // → ["http://127.0.0.1:4010", "https://console.tim.qq.com", "https://adminapi.my-imcloud.com", …]
 */
export function timOrigins(baseUrl?: string): string[] {
  const regional = Object.values(regionTable).flatMap((region) => [
    `https://${region.primary}`,
    `https://${region.backup}`,
  ]);
  return baseUrl === undefined ? regional : [baseUrl, ...regional];
}
