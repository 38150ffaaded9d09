// Parses the reference pages in spec/reference/ into plain facts, so the tests compare the spec with the
// documentation itself rather than with a second hand-typed copy of it.
import { readFileSync } from "node:fs";

const read = (file: string) => readFileSync(new URL(`../reference/${file}`, import.meta.url), "utf8");

const seed = read("c2c_msg_read_receipt.txt");
const shared = read("tencent-chat-rest.md");

/** Rows `a | b | … |` of the seed page, split into trimmed cells. */
const seedRows = seed
  .split("\n")
  .filter((line) => line.includes(" | "))
  .map((line) =>
    line
      .split("|")
      .map((cell) => cell.trim())
      .filter((cell, index, cells) => index < cells.length - 1 || cell !== ""),
  );

function rowsAfter(header: string, count: number): string[][] {
  const start = seedRows.findIndex((row) => row.join(" | ") === header);
  if (start < 0) throw new Error(`seed page has no table headed ${header}`);
  return seedRows.slice(start + 1, start + 1 + count);
}

/** The seed's error table: code → text. */
export const seedErrorCodes = new Map(
  seed
    .split("\n")
    .map((line) => /^(\d{5}) \| (.+) \|$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => [Number(match[1]), match[2] as string]),
);

/** The seed's region list: name → primary domain, in the page's order. */
export const seedDomains: [string, string][] = (() => {
  const row = seedRows.find((cells) => cells[0] === "xxxxxx");
  const text = row?.[1]?.replace("Region-specific domain for the SDKAppID: ", "") ?? "";
  return [...text.matchAll(/([A-Z][A-Za-z ]*?): ([a-z0-9.-]+?\.com)/g)].map((match) => [
    match[1] as string,
    match[2] as string,
  ]);
})();

/** The seed's query parameters: name → description. */
export const seedQueryParameters = new Map(
  ["sdkappid", "identifier", "usersig", "random", "contenttype"].map((name) => [
    name,
    seedRows.find((cells) => cells[0] === name)?.[1] ?? "",
  ]),
);

/** The seed's request fields (top level and C2CMsgInfo items). */
export const seedRequestFields = rowsAfter("Field | Type | Required | Description", 6).map(
  ([name, type, required, description]) => ({ name, type, required: required === "Required", description }),
);

/** The seed's response fields. */
export const seedResponseFields = rowsAfter("Field | Type | Description", 3).map(
  ([name, type, description]) => ({
    name,
    type,
    description,
  }),
);

/** The seed's request and response examples, parsed. */
export const seedRequestExample = JSON.parse(
  seed.split("\n").find((line) => line.startsWith('{"Operator_Account"')) ?? "",
);
export const seedResponseExample = JSON.parse(
  seed.split("\n").find((line) => line.startsWith('{"ActionStatus"')) ?? "",
);

/** The shared page's region table: name → primary and backup domain. */
export const sharedRegions = [
  ...shared.matchAll(/^\| ([A-Z][A-Za-z ]+?) +\| ([a-z0-9.-]+) +\| ([a-z0-9.-]+) +\|$/gm),
].map((match) => ({ name: match[1] as string, primary: match[2] as string, backup: match[3] as string }));

/** The shared page's common error codes: code → text (rows like `60004 / 60005` give both codes). */
export const sharedErrorCodes = new Map(
  [...shared.matchAll(/^\| (\d{5}(?: \/ \d{5})?) +\| (.+?) *\|$/gm)].flatMap((match) =>
    (match[1] as string).split(" / ").map((code) => [Number(code), match[2] as string] as const),
  ),
);

/** Codes the shared page calls transient. */
export const sharedTransientCodes = new Set(
  [...(/Treat (.+?) as transient/s.exec(shared)?.[1] ?? "").matchAll(/\d{5}/g)].map((match) =>
    Number(match[0]),
  ),
);
