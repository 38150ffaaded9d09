/**
 * JSON text made once for a value that many answers repeat unchanged: a stored message is in every page
 * of its conversation, and serialising a 13 KB page anew each time was most of what a page cost. The text
 * rides on the value under a symbol, which `JSON.stringify` does not see, so the value stays the plain
 * data its type says.
 */
const jsonText = Symbol("timkit.jsonText");

type WithText = { [jsonText]?: string };

/**
 * Gives `value` its JSON text, made now; `answerJson` uses it wherever the value is an item of a
 * top-level array of the answer. The value must not change afterwards: make a new one instead.
 *
 * @example
 * const item = withJsonText({ MsgKey: "1_2_3", IsPeerRead: 0 });
 * answerJson({ ErrorCode: 0, MsgList: [item] }) // → '{"ErrorCode":0,"MsgList":[{"MsgKey":"1_2_3","IsPeerRead":0}]}'
 */
export function withJsonText<Value extends object>(value: Value): Value {
  (value as WithText)[jsonText] = JSON.stringify(value);
  return value;
}

/** The JSON text `withJsonText` made for `value`, if any. */
export function jsonTextOf(value: unknown): string | undefined {
  return typeof value === "object" && value !== null ? (value as WithText)[jsonText] : undefined;
}

/**
 * `JSON.stringify(answer)`, the same text, with the items of its top-level arrays that carry their JSON
 * text (`withJsonText`) joined rather than serialised again.
 *
 * @example
 * answerJson({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 }) // → '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}'
 */
export function answerJson(envelope: object): string {
  const answer = envelope as Readonly<Record<string, unknown>>;
  let carriesText = false;
  for (const key in answer) {
    const value = answer[key];
    if (Array.isArray(value) && jsonTextOf(value[0]) !== undefined) carriesText = true;
  }
  if (!carriesText) return JSON.stringify(answer);
  let text = "";
  for (const key of Object.keys(answer)) {
    const value = Array.isArray(answer[key]) ? arrayJson(answer[key]) : JSON.stringify(answer[key]);
    // As JSON.stringify: a key whose value has no JSON (undefined, a function) is left out.
    if (value !== undefined) text += `${text === "" ? "{" : ","}${JSON.stringify(key)}:${value}`;
  }
  return text === "" ? "{}" : `${text}}`;
}

function arrayJson(items: readonly unknown[]): string {
  let text = "";
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    // As JSON.stringify: an item with no JSON is null.
    text += `${index === 0 ? "" : ","}${jsonTextOf(item) ?? JSON.stringify(item) ?? "null"}`;
  }
  return `[${text}]`;
}

/**
 * A deep copy of JSON data (arrays, plain objects and primitives), as the store keeps what it was given:
 * a few times cheaper than `structuredClone` for a message body.
 *
 * @example
 * copyJson([{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }]) // → an equal array sharing nothing
 */
export function copyJson<Value>(value: Value): Value {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson) as Value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyJson((value as Record<string, unknown>)[key]);
    // An own "__proto__" (JSON.parse makes one) stays a property, not the copy's prototype.
    if (key === "__proto__")
      Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy as Value;
}
