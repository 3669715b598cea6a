/**
 * The values of plain config YAML (see `plain-yaml.ts`): scalars as YAML 1.2's core schema reads them, quoted
 * strings without escapes, and flow lists and mappings written on one line. Whatever is outside that subset
 * throws {@link NotPlain}, and the text goes to the `yaml` package.
 */

/** Thrown inside the parser when the text leaves the subset; caught by `parsePlainYaml`. */
export class NotPlain extends Error {}

/** Leaves the subset: the text goes to the `yaml` package. */
export function notPlain(): never {
  throw new NotPlain();
}

/** Deepest nesting taken here (each block and flow collection a level); deeper documents go to the `yaml` package. */
export const MAX_DEPTH = 16;

/** A key of the subset: a word, as every schema's field names are. */
export const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?= |$)/;

/** Keys the core schema reads as something other than a string, or that name the prototype. */
const SPECIAL_KEYS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '__proto__']);

/** Leaves the subset unless `name` may join mapping `out`: not a key the core schema reads otherwise, not a twin. */
export function checkNewKey(out: Record<string, unknown>, name: string): void {
  if (SPECIAL_KEYS.has(name) || Object.prototype.hasOwnProperty.call(out, name)) notPlain();
}

/** An integer written as the core schema reads it, within the range where a double is exact. */
const SAFE_INT = /^-?(?:0|[1-9][0-9]{0,14})$/;

/** The numbers of YAML 1.2's core schema as the `yaml` package (2.9.1, `schema/core/`) recognizes them. */
const CORE_NUMBERS = [
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
];

/** `text` without the spaces at its end (YAML's white space is spaces and tabs, not JavaScript's `trimEnd`'s). */
export function trimEndSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}

/** `text` without the spaces at its start. */
export function trimStartSpaces(text: string): string {
  let start = 0;
  while (text.charCodeAt(start) === 32) start++;
  return text.slice(start);
}

/** Whether what follows a value on its line is nothing, or a comment after a space. */
export function isCommentOrNothing(rest: string): boolean {
  return rest === '' || (rest[0] === ' ' && (trimStartSpaces(rest) === '' || trimStartSpaces(rest)[0] === '#'));
}

/**
 * The scalar of a quoted string starting at `start` (a `'` or `"`), and the offset just after it: only strings
 * without escapes (no `\` in double quotes, no `''` in single quotes) that end on their line.
 */
export function quoted(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  const close = text.indexOf(quote, start + 1);
  if (close < 0) notPlain();
  const value = text.slice(start + 1, close);
  if (quote === '"' && value.includes('\\')) notPlain();
  if (quote === "'" && text[close + 1] === "'") notPlain();
  return { value, end: close + 1 };
}

/**
 * A plain scalar as YAML 1.2's core schema reads it: null, a boolean, an integer, or a string. Whatever might be
 * another number (a float, hex, octal, infinity), start with an indicator, or hold `: ` is not the subset's.
 */
export function plainScalar(text: string, context: 'block' | 'flow'): unknown {
  if (text === '') notPlain();
  switch (text) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (SAFE_INT.test(text)) return Number(text);
  const c = text.charCodeAt(0);
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 /* / */ || c === 95 /* _ */ || c > 127;
  const digit = c >= 48 && c <= 57;
  if (!letter && !digit) notPlain();
  if (digit && CORE_NUMBERS.some((n) => n.test(text))) notPlain();
  if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) notPlain();
  if (context === 'flow' && /[,[\]{}:#"']/.test(text)) notPlain();
  return text;
}

/** Reads a flow list or mapping (`[...]`, `{...}`) written on one line, of scalars and of flow collections. */
export class FlowReader {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly at: number,
    private readonly path: string,
    /** Nesting of the block collection the text is a value in. */
    private readonly depth: number,
    private readonly offsets: Map<string, number>,
    private readonly key: (k: string) => string,
  ) {}

  /** The collection the text starts with. */
  collection(): unknown {
    return this.nested(this.path, this.depth + 1);
  }

  /** After the collection, nothing on the line but a comment. */
  endOfLine(): void {
    if (!isCommentOrNothing(this.text.slice(this.pos))) notPlain();
  }

  /** The flow collection at the current position, whose field path is `path`. */
  private nested(path: string, depth: number): unknown {
    if (depth > MAX_DEPTH) notPlain();
    return this.text[this.pos] === '[' ? this.list(path, depth) : this.mapping(path, depth);
  }

  private list(path: string, depth: number): unknown[] {
    const out: unknown[] = [];
    if (this.empty(']')) return out;
    for (;;) {
      const at = `${path}\u0000#${out.length}`;
      this.offsets.set(this.key(at), this.at + this.pos);
      out.push(this.value(',]', at, depth));
      if (this.separator(']')) return out;
    }
  }

  private mapping(path: string, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.empty('}')) return out;
    for (;;) {
      const match = KEY.exec(this.text.slice(this.pos, this.pos + 256));
      if (!match || this.text[this.pos + match[0].length] !== ' ') notPlain();
      const name = match[1];
      checkNewKey(out, name);
      const at = `${path}\u0000$${name}`;
      this.offsets.set(this.key(at), this.at + this.pos);
      this.pos += match[0].length;
      this.spaces();
      out[name] = this.value(',}', at, depth);
      if (this.separator('}')) return out;
    }
  }

  /** A value ending before one of `ends` (after spaces): a flow collection, a quoted or a plain scalar. */
  private value(ends: string, path: string, depth: number): unknown {
    const c = this.text[this.pos];
    if (c === '[' || c === '{') {
      const value = this.nested(path, depth + 1);
      this.spaces();
      return value;
    }
    if (c === '"' || c === "'") {
      const { value, end } = quoted(this.text, this.pos);
      this.pos = end;
      this.spaces();
      return value;
    }
    let end = this.pos;
    while (end < this.text.length && !ends.includes(this.text[end])) end++;
    const value = plainScalar(trimEndSpaces(this.text.slice(this.pos, end)), 'flow');
    this.pos = end;
    return value;
  }

  /** After an entry: `,` and the next entry (false), or `close` (true); a trailing comma is not the subset's. */
  private separator(close: string): boolean {
    const c = this.text[this.pos];
    if (c === close) {
      this.pos++;
      return true;
    }
    if (c !== ',') notPlain();
    this.pos++;
    this.spaces();
    if (this.pos >= this.text.length || this.text[this.pos] === close || this.text[this.pos] === ',') notPlain();
    return false;
  }

  /** Steps over the opening bracket; true, and over `close` too, when the collection is empty. */
  private empty(close: string): boolean {
    this.pos++;
    this.spaces();
    if (this.text[this.pos] !== close) return false;
    this.pos++;
    return true;
  }

  private spaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }
}
