// Reads the body paths that the spec's `x-timkit-rules` and `x-timkit-accounts` name, such as
// `C2CMsgInfo[].From_Account`: dot-separated keys, `[]` stepping into every item of an array.

/** One value found at a path, with the concrete location it came from (`C2CMsgInfo[1].From_Account`). */
export interface FieldValue {
  readonly location: string;
  readonly value: unknown;
}

/**
 * Every value at `path` in `body`; missing steps yield nothing rather than throwing.
 *
 * @example
 * valuesAt({ C2CMsgInfo: [{ From_Account: "a" }] }, "C2CMsgInfo[].From_Account")
 * // → [{ location: "C2CMsgInfo[0].From_Account", value: "a" }]
 */
export function valuesAt(body: unknown, path: string): FieldValue[] {
  let found: FieldValue[] = [{ location: "", value: body }];
  for (const step of path.split(".")) {
    const eachItem = step.endsWith("[]");
    const key = eachItem ? step.slice(0, -2) : step;
    const next: FieldValue[] = [];
    for (const { location, value } of found) {
      if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) continue;
      const child = (value as Record<string, unknown>)[key];
      const childLocation = location ? `${location}.${key}` : key;
      if (!eachItem) next.push({ location: childLocation, value: child });
      else if (Array.isArray(child)) {
        for (const [index, item] of child.entries())
          next.push({ location: `${childLocation}[${index}]`, value: item });
      }
    }
    found = next;
  }
  return found;
}
