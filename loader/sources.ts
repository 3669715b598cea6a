import type { Source } from '../policy/source';

/** A source as written in YAML: `{ law: ... }`, `{ standard: ... }` or `{ policy: ..., by: ... }` (the schema has checked which). */
export type RawSource = { readonly law: string } | { readonly standard: string } | { readonly policy: string; readonly by: string };

/** One source or a list of them, as YAML allows, as the model's list of tagged sources. */
export function toSources(raw: RawSource | readonly RawSource[]): Source[] {
  return (Array.isArray(raw) ? raw : [raw as RawSource]).map((s: RawSource): Source => {
    if ('law' in s) return { kind: 'law', cite: s.law };
    if ('standard' in s) return { kind: 'standard', cite: s.standard };
    return { kind: 'policy', cite: s.policy, by: s.by };
  });
}

/**
 * Every constraint of a classification (an object with `value` and `source`, at any depth) with its `source`
 * read into tagged sources; everything else as it was.
 */
export function withTaggedSources<T>(raw: T): T {
  if (Array.isArray(raw)) return raw.map(withTaggedSources) as T;
  if (typeof raw !== 'object' || raw === null) return raw;
  const o = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = withTaggedSources(v);
  if ('value' in o && 'source' in o) out.source = toSources(o.source as RawSource | RawSource[]);
  return out as T;
}
