/**
 * A parser for the plain YAML that config files are written in: block mappings of `key: value` lines, block lists
 * of `- ` items, one-line flow lists and mappings of scalars (`[500, 200]`, `{ site: x, mode: warm }`), plain,
 * single- and double-quoted scalars without escapes, and comments. It gives the same data, field positions and
 * line starts as the `yaml` package, about ten times faster on a tenant file (the package took about half of a
 * config load, and most of a one-tenant command's start-up, parsing the catalogue with code not yet compiled).
 *
 * Whatever is outside that subset, or might read differently under YAML 1.2's core schema, is not guessed: the
 * parser returns `undefined` and the caller parses the text with the `yaml` package, which also reports every
 * error (a duplicate key, a tab, an alias, a tag, a block scalar, a number in hex, a document marker...).
 * test/loader/plain-yaml.test.ts holds it to the package on the bundled config, the test fixtures and thousands
 * of mutations of them.
 */

/** The data of a plain YAML text, the offset of every field, and where each line starts. */
export interface PlainYaml {
  /** The top-level mapping as plain data, as `yaml`'s `Document.toJS()` gives it. */
  readonly data: Record<string, unknown>;
  /** Offset of every field by `pathKey` (see `yaml-file.ts`): of its key in a mapping, of the item in a list. */
  readonly offsets: Map<string, number>;
  /** Offset of the start of every line, as `yaml`'s `LineCounter` records them. */
  readonly lineStarts: number[];
}

/** Thrown inside the parser when the text leaves the subset; caught by {@link parsePlainYaml}. */
class NotPlain extends Error {}

/** Deepest nesting taken here (each block and flow collection a level); deeper documents go to the `yaml` package. */
const MAX_DEPTH = 16;

/** Characters the subset never holds: controls (tab and CR included), byte-order marks, line separators. */
const OUTSIDE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

/** A key of the subset: a word, as every schema's field names are. */
const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?= |$)/;

/** Keys the core schema reads as something other than a string, or that name the prototype. */
const SPECIAL_KEYS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null', 'NULL', '__proto__']);

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

interface Line {
  /** Spaces before the content. */
  readonly indent: number;
  /** Offset of the content's first character in the text. */
  readonly at: number;
  /** The line without its indentation (comments still in it). */
  readonly content: string;
}

/**
 * The parse of `text` if it is in the subset, else `undefined` (then parse it with the `yaml` package).
 * @param key returns the string to keep as an offsets key (the caller shares equal keys across files)
 */
export function parsePlainYaml(text: string, key: (k: string) => string = (k) => k): PlainYaml | undefined {
  if (OUTSIDE.test(text)) return undefined;
  try {
    return new Parser(text, key).document();
  } catch (e) {
    if (e instanceof NotPlain) return undefined;
    throw e;
  }
}

function notPlain(): never {
  throw new NotPlain();
}

class Parser {
  private readonly lines: Line[] = [];
  readonly lineStarts: number[] = [0];
  private readonly offsets = new Map<string, number>();
  private i = 0;

  constructor(
    text: string,
    private readonly key: (k: string) => string,
  ) {
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      const raw = end < 0 ? text.slice(start) : text.slice(start, end);
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      const content = raw.slice(indent);
      // Blank lines and comment lines carry nothing; a line of spaces ending in spaces is blank too.
      if (content !== '' && content[0] !== '#') this.lines.push({ indent, at: start + indent, content: trimEndSpaces(content) });
      if (end < 0) break;
      start = end + 1;
      this.lineStarts.push(start);
    }
  }

  document(): PlainYaml {
    const first = this.lines[0];
    if (!first || first.indent !== 0 || !KEY.test(first.content)) notPlain();
    this.offsets.set(this.key(''), first.at);
    const data = this.mapping(0, '', 1);
    if (this.i !== this.lines.length) notPlain();
    return { data, offsets: this.offsets, lineStarts: this.lineStarts };
  }

  /** A block mapping whose keys stand at column `indent`, starting at the current line. */
  private mapping(indent: number, path: string, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) notPlain();
    const out: Record<string, unknown> = {};
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent) notPlain();
      const match = KEY.exec(line.content);
      if (!match) notPlain();
      const name = match[1];
      if (SPECIAL_KEYS.has(name) || Object.prototype.hasOwnProperty.call(out, name)) notPlain();
      const at = `${path}\u0000$${name}`;
      this.offsets.set(this.key(at), line.at);
      const rest = trimStartSpaces(line.content.slice(match[0].length));
      this.i++;
      if (rest === '' || rest[0] === '#') {
        out[name] = this.nested(indent, at, depth + 1);
      } else {
        out[name] = this.inline(rest, line.at + line.content.length - rest.length, at, depth);
        this.endOfValue(indent);
      }
    }
    return out;
  }

  /** The value of a key with nothing after it on its line: a block below it, more indented, or null. */
  private nested(indent: number, path: string, depth: number): unknown {
    const next = this.lines[this.i];
    if (!next || next.indent < indent) return null;
    if (next.indent === indent) {
      // A list at the key's own column is YAML, but not the subset's.
      if (next.content[0] === '-') notPlain();
      return null;
    }
    return isItem(next.content) ? this.list(next.indent, path, depth) : this.mapping(next.indent, path, depth);
  }

  /** A block list whose dashes stand at column `indent`, starting at the current line. */
  private list(indent: number, path: string, depth: number): unknown[] {
    if (depth > MAX_DEPTH) notPlain();
    const out: unknown[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent || !isItem(line.content)) notPlain();
      const item = trimStartSpaces(line.content.slice(1));
      // `-` alone (a block below it) and `- - x` (a list in a list) are YAML, but not the subset's.
      if (item === '' || item[0] === '#' || item[0] === '-') notPlain();
      const column = line.indent + line.content.length - item.length;
      const at = `${path}\u0000#${out.length}`;
      this.offsets.set(this.key(at), line.at + (column - line.indent));
      if (KEY.test(item)) {
        // `- key: value`: a mapping whose keys stand at the column of this first one.
        this.lines[this.i] = { indent: column, at: line.at + (column - line.indent), content: item };
        out.push(this.mapping(column, at, depth + 1));
      } else {
        this.i++;
        out.push(this.inline(item, line.at + (column - line.indent), at, depth));
        this.endOfValue(indent);
      }
    }
    return out;
  }

  /** After a value written on its key's or dash's line, nothing may continue it on more indented lines. */
  private endOfValue(indent: number): void {
    const next = this.lines[this.i];
    if (next && next.indent > indent) notPlain();
  }

  /**
   * A value written on one line, starting at offset `at`: a flow list or mapping, a quoted or a plain scalar,
   * with nothing after it but a comment.
   */
  private inline(text: string, at: number, path: string, depth: number): unknown {
    const first = text[0];
    if (first === '[' || first === '{') {
      const flow = new FlowReader(text, at, path, depth, this.offsets, this.key);
      const value = flow.collection();
      flow.endOfLine();
      return value;
    }
    if (first === '"' || first === "'") {
      const { value, end } = quoted(text, 0);
      if (!isCommentOrNothing(text.slice(end))) notPlain();
      return value;
    }
    const comment = text.indexOf(' #');
    return plainScalar(trimEndSpaces(comment < 0 ? text : text.slice(0, comment)), 'block');
  }
}

/** `text` without the spaces at its end (YAML's white space is spaces and tabs, not JavaScript's `trimEnd`'s). */
function trimEndSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}

/** `text` without the spaces at its start. */
function trimStartSpaces(text: string): string {
  let start = 0;
  while (text.charCodeAt(start) === 32) start++;
  return text.slice(start);
}

/** A line of a block list: a dash, then a space or the end of the line. */
function isItem(content: string): boolean {
  return content[0] === '-' && (content.length === 1 || content[1] === ' ');
}

/** Whether what follows a value on its line is nothing, or a comment after a space. */
function isCommentOrNothing(rest: string): boolean {
  return rest === '' || (rest[0] === ' ' && (trimStartSpaces(rest) === '' || trimStartSpaces(rest)[0] === '#'));
}

/**
 * The scalar of a quoted string starting at `start` (a `'` or `"`), and the offset just after it: only strings
 * without escapes (no `\` in double quotes, no `''` in single quotes) that end on their line.
 */
function quoted(text: string, start: number): { value: string; end: number } {
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
function plainScalar(text: string, context: 'block' | 'flow'): unknown {
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
class FlowReader {
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
    this.pos++;
    this.spaces();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      const at = `${path}\u0000#${out.length}`;
      this.offsets.set(this.key(at), this.at + this.pos);
      out.push(this.value(',]', at, depth));
      if (this.separator(']')) return out;
    }
  }

  private mapping(path: string, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.spaces();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      const match = KEY.exec(this.text.slice(this.pos, this.pos + 256));
      if (!match || this.text[this.pos + match[0].length] !== ' ') notPlain();
      const name = match[1];
      if (SPECIAL_KEYS.has(name) || Object.prototype.hasOwnProperty.call(out, name)) notPlain();
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

  private spaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }
}
