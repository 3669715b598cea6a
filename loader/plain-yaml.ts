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

import {
  checkNewKey,
  FlowReader,
  isCommentOrNothing,
  KEY,
  MAX_DEPTH,
  NotPlain,
  notPlain,
  plainScalar,
  quoted,
  trimEndSpaces,
  trimStartSpaces,
} from './plain-yaml-values';

/** The data of a plain YAML text, the offset of every field, and where each line starts. */
export interface PlainYaml {
  /** The top-level mapping as plain data, as `yaml`'s `Document.toJS()` gives it. */
  readonly data: Record<string, unknown>;
  /** Offset of every field by `pathKey` (see `yaml-file.ts`): of its key in a mapping, of the item in a list. */
  readonly offsets: Map<string, number>;
  /** Offset of the start of every line, as `yaml`'s `LineCounter` records them. */
  readonly lineStarts: number[];
}

/** The line and column of an offset in a text: what the loader asks of `yaml`'s `LineCounter`. */
export interface LinePositions {
  /** The 1-based line and column of `offset`, as `LineCounter.linePos` gives them. */
  linePos(offset: number): { line: number; col: number };
}

/**
 * {@link LinePositions} from the line starts {@link parsePlainYaml} found: `LineCounter.linePos`'s search, without
 * loading `yaml`.
 */
export class LineStarts implements LinePositions {
  constructor(private readonly starts: readonly number[]) {}

  linePos(offset: number): { line: number; col: number } {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.starts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    if (this.starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - this.starts[low - 1] + 1 };
  }
}

/** Characters the subset never holds: controls (tab and CR included), byte-order marks, line separators. */
const OUTSIDE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

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

/** Reads the block structure line by line; each value written on a line goes to the readers of plain-yaml-values.ts. */
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
      checkNewKey(out, name);
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

/** A line of a block list: a dash, then a space or the end of the line. */
function isItem(content: string): boolean {
  return content[0] === '-' && (content.length === 1 || content[1] === ' ');
}

