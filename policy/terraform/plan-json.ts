/** Plain JSON as the plan reader walks it: objects, lists of strings, and keys written as data. */

/** A JSON object of the plan. */
export type Json = Record<string, unknown>;

/** True for a JSON object (not a list, not null). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The strings of a JSON list; nothing for anything else. */
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** `target[key] = value` as an own data property, even for a key such as `__proto__` read from a plan. */
export function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
