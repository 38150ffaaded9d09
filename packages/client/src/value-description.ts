/**
 * A short, readable account of a value for an error message: strings quoted and cut at 40 characters,
 * arrays by length, objects and functions by type.
 *
 * @example
 * describeValue("alice") // → "\"alice\""
 * describeValue([1, 2]) // → "an array of 2 items"
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (value === undefined) return "nothing";
  return value === null || (typeof value !== "object" && typeof value !== "function")
    ? String(value)
    : `a ${typeof value}`;
}
