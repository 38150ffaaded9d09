/** The MsgKeys typed or pasted into the console, in order, each once. */
export interface MsgKeyList {
  msgKeys: string[];
  /** How many entries repeated an earlier one and were dropped. */
  duplicates: number;
}

/**
 * Reads MsgKeys given one per line or comma-separated. Keys are passed on as they are (trimmed): Tencent
 * documents a MsgKey only as a unique key, so its shape is the client's and the server's to check.
 *
 * @example
 * parseMsgKeys("1_2_3, 4_5_6\n1_2_3\n") // → { msgKeys: ["1_2_3", "4_5_6"], duplicates: 1 }
 */
export function parseMsgKeys(text: string): MsgKeyList {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const entry of text.split(/[\n\r,]+/)) {
    const msgKey = entry.trim();
    if (msgKey === "") continue;
    if (seen.has(msgKey)) duplicates += 1;
    else seen.add(msgKey);
  }
  return { msgKeys: [...seen], duplicates };
}

/**
 * "1 MsgKey", "3 MsgKeys (1 duplicate ignored)".
 *
 * @example
 * countLabel({ msgKeys: ["a", "b"], duplicates: 0 }) // → "2 MsgKeys"
 */
export function countLabel({ msgKeys, duplicates }: MsgKeyList): string {
  const count = `${msgKeys.length} ${msgKeys.length === 1 ? "MsgKey" : "MsgKeys"}`;
  if (duplicates === 0) return count;
  return `${count} (${duplicates} ${duplicates === 1 ? "duplicate" : "duplicates"} ignored)`;
}
