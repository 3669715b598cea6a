/**
 * JSON with the keys of every object sorted, byte for byte what `json-stable-stringify` 1.3.0 writes (reports,
 * `manifest.json` and digests were written with it). The toolkit's own copy: that package pulls in about 40 small
 * modules (call-bind and its kin) at start-up, and cdktf bundles a second copy of the same tree, so each
 * command loaded it twice or for one call. A test compares the two on every kind of value the toolkit writes.
 */

/** Options of {@link stableJson}. */
export interface StableJsonOptions {
  /**
   * Indentation per level: a number of spaces or the string to repeat; none writes everything on one line.
   * @default - none
   */
  readonly space?: number | string;
}

/**
 * `value` as JSON, with object keys sorted by UTF-16 code units at every level. As `json-stable-stringify`:
 * `toJSON` is honoured; a member whose value is `undefined`, a function or a symbol is left out, and such an
 * array element is written `null`; an empty object or array is written with its closing bracket on its own line
 * when indenting (`{\n}`); `undefined` (not a string) when `value` itself is one of those. Throws a TypeError on a
 * circular structure.
 */
export function stableJson(value: unknown, options: StableJsonOptions = {}): string | undefined {
  const space = typeof options.space === 'number' ? ' '.repeat(options.space) : (options.space ?? '');
  const colon = space ? ': ' : ':';
  const seen = new Set<object>();
  const write = (node: unknown, level: number): string | undefined => {
    if (node && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON(): unknown }).toJSON();
    if (typeof node !== 'object' || node === null) return JSON.stringify(node);
    const indent = space ? `\n${space.repeat(level)}` : '';
    const inner = indent + space;
    if (seen.has(node)) throw new TypeError('Converting circular structure to JSON');
    seen.add(node);
    let out: string;
    if (Array.isArray(node)) {
      const items: string[] = [];
      for (let i = 0; i < node.length; i++) items.push(inner + (write(node[i], level + 1) ?? 'null'));
      out = `[${items.join(',')}${indent}]`;
    } else {
      const keys = Object.keys(node).sort();
      const members: string[] = [];
      for (const key of keys) {
        const member = write((node as Record<string, unknown>)[key], level + 1);
        if (member !== undefined) members.push(inner + JSON.stringify(key) + colon + member);
      }
      out = `{${members.join(',')}${indent}}`;
    }
    seen.delete(node);
    return out;
  };
  return write(value, 0);
}
