// Reads the facts tables of reference/tencent-read-receipt-flow.md, so the per-command tests compare the
// spec with the reference itself rather than with a second hand-typed copy of it.
import { readFileSync } from "node:fs";

const text = readFileSync(new URL("../reference/tencent-read-receipt-flow.md", import.meta.url), "utf8");

/** The lines of a `## N.` or `### N.N` section, up to the next heading of the same or a higher level. */
export function section(heading: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0) throw new Error(`the reference has no section ${heading}`);
  const level = (heading.match(/^#+/)?.[0] ?? "").length;
  const end = lines.findIndex(
    (line, index) => index > start && /^#+ /.test(line) && (line.match(/^#+/)?.[0] ?? "").length <= level,
  );
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

/** The rows of the first Markdown table of a section, each split into trimmed cells (`\|` kept as text). */
export function tableRows(sectionText: string): string[][] {
  return sectionText
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[-| ]+\|$/.test(line))
    .slice(1)
    .map((line) =>
      line
        .replaceAll("\\|", "\u0000")
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim().replaceAll("\u0000", "|")),
    );
}

/** The five-digit codes a cell names, in order. */
export const codesIn = (cell: string): number[] =>
  [...cell.matchAll(/\b(\d{5})\b/g)].map((match) => Number(match[1]));

/** The first `N/s` a cell names. */
export const ratePerSecond = (cell: string): number | undefined => {
  const match = /(\d+)\/s/.exec(cell);
  return match ? Number(match[1]) : undefined;
};
