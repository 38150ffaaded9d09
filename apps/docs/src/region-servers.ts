// One `servers` entry per region, so Redoc's server selector lists every data center's domain. The
// spec itself keeps one templated URL (`https://{domain}`); this expansion exists only for the docs.
import type { RegionDomains } from "@timkit/spec";
import type { Server } from "@timkit/spec/openapi-document";

/**
 * The primary domain of each region as a server, the region's name and backup domain as its description.
 *
 * @example
 * regionServers(regionTable); // [{ url: "https://console.tim.qq.com", description: "China (backup: adminapi.my-imcloud.com)" }, …]
 */
export function regionServers(regions: Readonly<Record<string, RegionDomains>>): Server[] {
  return Object.values(regions).map(({ name, primary, backup }) => ({
    url: `https://${primary}`,
    description: `${name} (backup: ${backup})`,
  }));
}
