import type { OpenApiDocument, RegionEntry } from "../../src/openapi-document.ts";
import { generatedHeader } from "../generated-header.ts";

/** Region id → name, primary and backup domain, from the server variable's `x-timkit-regions`. */
export function generateRegionTable(document: OpenApiDocument): string {
  const variable = document.servers[0]?.variables?.domain;
  const regions: RegionEntry[] = variable?.["x-timkit-regions"] ?? [];
  if (regions.length === 0) throw new Error("servers[0].variables.domain has no x-timkit-regions");
  const lines = regions.map(
    ({ id, name, primary, backup }) =>
      `  ${JSON.stringify(id)}: ${JSON.stringify({ name, primary, backup })},`,
  );
  return `${generatedHeader("region-table.ts")}
/** A data center's REST API domains: the primary one, and the backup for DNS problems. */
export interface RegionDomains {
  readonly name: string;
  readonly primary: string;
  readonly backup: string;
}

/** Every region of the API, keyed by its id. */
export const regionTable = {
${lines.join("\n")}
} as const satisfies Record<string, RegionDomains>;

/** A region id, such as "china" or "singapore". */
export type Region = keyof typeof regionTable;

/** The region the spec's server variable defaults to. */
export const defaultRegion: Region = ${JSON.stringify(regions.find((region) => region.primary === (variable as { default?: string }).default)?.id ?? regions[0]?.id)};
`;
}
