/**
 * Attribute-level comparison of two blocks' values: dotted paths, lists by index, sets by content. Plain
 * data in, plain data out; the risk rules label the result afterwards.
 */

/** One difference between two values, before any label. */
export interface ValueChange {
  /** Dotted path with list indices (`disk.1.storage_policy_id`); a set element carries the set's path (`tags`). */
  readonly path: string;
  /** The same path without list indices (`disk.storage_policy_id`): what the set table and the rules match. */
  readonly schemaPath: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** One element of a set-typed attribute was added (`after`) or removed (`before`). */
  readonly setElement?: 'added' | 'removed';
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** cdktf's `//` metadata (construct paths, suppressions): not something Terraform acts on. */
const META = '//';

/**
 * Every difference between `before` and `after` (the values of one block), in a stable order: object keys
 * sorted, list elements by index, set elements removed then added in their own order. `setPaths` names the
 * schema paths Terraform treats as sets ({@link setPathsOf}). Linear in the size of the two values.
 */
export function compareValues(before: Readonly<Json>, after: Readonly<Json>, setPaths: ReadonlySet<string>): ValueChange[] {
  const out: ValueChange[] = [];
  walk('', '', before, after, setPaths, out);
  return out;
}

function walk(path: string, schema: string, b: unknown, a: unknown, sets: ReadonlySet<string>, out: ValueChange[]): void {
  if (b === a) return;
  if (isObject(b) && isObject(a)) {
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      if (key !== META) walk(join(path, key), join(schema, key), b[key], a[key], sets, out);
    }
    return;
  }
  if (Array.isArray(b) && Array.isArray(a)) {
    if (sets.has(schema)) compareSet(path, schema, b, a, out);
    else for (let i = 0; i < Math.max(b.length, a.length); i++) walk(join(path, i), schema, b[i], a[i], sets, out);
    return;
  }
  if (b === undefined && a === undefined) return;
  if (b !== undefined && a !== undefined && canonical(b) === canonical(a)) return;
  out.push({ path, schemaPath: schema, before: withoutMeta(b), after: withoutMeta(a) });
}

/** Elements matched by content, as multisets: what is left on each side was removed or added. */
function compareSet(path: string, schema: string, b: readonly unknown[], a: readonly unknown[], out: ValueChange[]): void {
  const remaining = new Map<string, number>();
  const beforeKeys = b.map(canonical);
  for (const k of beforeKeys) remaining.set(k, (remaining.get(k) ?? 0) + 1);
  const added: unknown[] = [];
  for (const element of a) {
    const k = canonical(element);
    const n = remaining.get(k) ?? 0;
    if (n > 0) remaining.set(k, n - 1);
    else added.push(element);
  }
  b.forEach((element, i) => {
    const n = remaining.get(beforeKeys[i]) ?? 0;
    if (n === 0) return;
    remaining.set(beforeKeys[i], n - 1);
    out.push({ path, schemaPath: schema, before: withoutMeta(element), setElement: 'removed' });
  });
  for (const element of added) out.push({ path, schemaPath: schema, after: withoutMeta(element), setElement: 'added' });
}

/** A JSON text with object keys sorted: equal for equal values whatever their key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .filter((k) => k !== META && value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** `value` with every `//` key removed, at any depth (only what is shown as a before or after value). */
export function withoutMeta(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMeta);
  if (isObject(value)) {
    if (!(META in value) && !Object.values(value).some((v) => typeof v === 'object' && v !== null)) return value;
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== META).map(([k, v]) => [k, withoutMeta(v)]));
  }
  return value;
}

/** The value at a dotted path (`disk.1.size`), or undefined. */
export function valueAt(values: unknown, path: string): unknown {
  let v: unknown = values;
  for (const part of path.split('.')) {
    if (Array.isArray(v)) v = v[Number(part)];
    else if (isObject(v)) v = v[part];
    else return undefined;
  }
  return v;
}
