// Reads the body paths that the spec's `x-timkit-rules` and `x-timkit-accounts` name, such as
// `C2CMsgInfo[].From_Account`: dot-separated keys, `[]` stepping into every item of an array.

/** One value found at a path, with the concrete location it came from (`C2CMsgInfo[1].From_Account`). */
export interface FieldValue {
  readonly location: string;
  readonly value: unknown;
}

interface Step {
  readonly key: string;
  readonly eachItem: boolean;
}

// A path's steps, split once: every request of an operation reads the same few paths.
const stepsOfPath = new Map<string, readonly Step[]>();
function stepsOf(path: string): readonly Step[] {
  let steps = stepsOfPath.get(path);
  if (!steps) {
    steps = path.split(".").map((step) => {
      const eachItem = step.endsWith("[]");
      return { key: eachItem ? step.slice(0, -2) : step, eachItem };
    });
    stepsOfPath.set(path, steps);
  }
  return steps;
}

/**
 * Calls `visit` with each value at `path` in `body`, in order, until it returns true; missing steps yield
 * nothing rather than throwing. Its second argument spells where the value is: the text is made only for
 * the values asked about (a body that keeps every rule never needs one), and only while `visit` runs.
 * Answers true when `visit` stopped the walk.
 *
 * @example
 * visitValuesAt(body, "C2CMsgInfo[].From_Account", (value, location) => value !== "a" && console.log(location()))
 */
export function visitValuesAt(
  body: unknown,
  path: string,
  visit: (value: unknown, location: () => string) => boolean | undefined | void,
): boolean {
  const steps = stepsOf(path);
  // The item index taken at each `[]` step on the way to the value being visited.
  const indices: number[] = new Array(steps.length).fill(0);
  const location = () => {
    let text = "";
    for (let at = 0; at < steps.length; at++) {
      const step = steps[at] as Step;
      text += `${at === 0 ? "" : "."}${step.key}${step.eachItem ? `[${indices[at]}]` : ""}`;
    }
    return text;
  };
  const walk = (value: unknown, at: number): boolean => {
    if (at === steps.length) return visit(value, location) === true;
    const { key, eachItem } = steps[at] as Step;
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return false;
    const child = (value as Record<string, unknown>)[key];
    if (!eachItem) return walk(child, at + 1);
    if (!Array.isArray(child)) return false;
    for (let index = 0; index < child.length; index++) {
      indices[at] = index;
      if (walk(child[index], at + 1)) return true;
    }
    return false;
  };
  return walk(body, 0);
}

/**
 * Every value at `path` in `body`, with its location; missing steps yield nothing rather than throwing.
 *
 * @example
 * valuesAt({ C2CMsgInfo: [{ From_Account: "a" }] }, "C2CMsgInfo[].From_Account")
 * // → [{ location: "C2CMsgInfo[0].From_Account", value: "a" }]
 */
export function valuesAt(body: unknown, path: string): FieldValue[] {
  const found: FieldValue[] = [];
  visitValuesAt(body, path, (value, location) => {
    found.push({ location: location(), value });
  });
  return found;
}
