import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { CONFIG_FILE_MAX_BYTES, readInputFile } from './read-input-file';
import type { ConfigProblem } from './config-error';
import { documentProblems, isNestingOverflow, MAX_YAML_DEPTH } from './yaml-limits';

/**
 * A parsed YAML file that can say on which line any field stands. It keeps its data and the offset of every field,
 * not the parsed document (whose nodes took about twelve times the memory: 123 MiB of the 10,000-tenant load).
 */
export class YamlFile {
  /**
   * Reads and parses `file`; problems are returned, not thrown, so every file can be reported. The file is
   * read only if it is a regular file of at most {@link CONFIG_FILE_MAX_BYTES} (within `folder`, when given).
   */
  static read(file: string, folder?: string): { yaml?: YamlFile; problems: ConfigProblem[] } {
    const read = readInputFile(file, { maxBytes: CONFIG_FILE_MAX_BYTES, within: folder });
    if ('refused' in read) {
      const line = read.line === undefined ? {} : { line: read.line };
      return { problems: [{ file, ...line, field: '', message: `not read: ${read.refused}`, fix: read.fix }] };
    }
    return YamlFile.parse(file, read.text);
  }

  /** Parses `text` as the content of `file`, and refuses what {@link documentProblems} refuses. */
  static parse(file: string, text: string): { yaml?: YamlFile; problems: ConfigProblem[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length) {
      const overflow = doc.errors.find((err) => isNestingOverflow(err.message));
      const errors = overflow ? [overflow] : doc.errors;
      return {
        problems: errors.map((err) => {
          const pos = lines.linePos(err.pos[0]);
          return overflow
            ? { file, line: pos.line, column: pos.col, field: '', message: 'the document nests too deeply to be read', fix: `config files nest at most ${MAX_YAML_DEPTH} levels; see config/schema for their shape` }
            : { file, line: pos.line, column: pos.col, field: '', message: `YAML syntax error: ${err.message.split('\n')[0]}`, fix: 'correct the YAML syntax at that line' };
        }),
      };
    }
    const problems = documentProblems(file, doc, lines);
    if (problems.length) return { problems };
    return { yaml: new YamlFile(file, doc, lines), problems: [] };
  }

  private readonly data: unknown;
  /** Offset in the text of every field, by {@link pathKey}: of its key in a mapping, else of its value. */
  private readonly offsets: Map<string, number>;

  private constructor(readonly file: string, doc: Document, private readonly lines: LineCounter) {
    // parse() refused every alias; a limit of 0 keeps it so should that check ever be bypassed.
    this.data = doc.toJS({ maxAliasCount: 0 });
    this.offsets = fieldOffsets(doc);
  }

  /** The file's content as plain data (the same object at every call). */
  toJS(): unknown {
    return this.data;
  }

  /**
   * Line and column of a field (`vms[0].template`, or a JSON pointer `/vms/0/template`). Falls back to the
   * nearest parent that exists, so a missing field points at the object that lacks it.
   */
  locate(field: string): { line: number; column: number } {
    const path = toPath(field);
    for (let n = path.length; n >= 0; n--) {
      const offset = this.offsets.get(pathKey(path, n));
      if (offset !== undefined) {
        const pos = this.lines.linePos(offset);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: 1, column: 1 };
  }

  /** A problem about `field` of this file, with its line. */
  problem(field: string, message: string, fix: string): ConfigProblem {
    return { file: this.file, ...this.locate(field), field: toDotted(field), message, fix };
  }
}

/** `vms[0].template` or `/vms/0/template` as `['vms', 0, 'template']`. */
function toPath(field: string): (string | number)[] {
  const parts = field.startsWith('/') ? field.split('/').slice(1) : field.split(/\.|\[|\]/).filter(Boolean);
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
}

/** `/vms/0/template` as `vms[0].template`. */
export function toDotted(field: string): string {
  return toPath(field)
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

/**
 * The key of the first `n` steps of `path` in {@link fieldOffsets}: each step tagged with its type, since a
 * mapping's key `0` (a number) and `"0"` (a string) are different fields.
 */
function pathKey(path: readonly (string | number)[], n: number = path.length): string {
  let key = '';
  for (let i = 0; i < n; i++) key += typeof path[i] === 'number' ? `\u0000#${path[i]}` : `\u0000$${path[i]}`;
  return key;
}

/** The same key strings for every file: tenants have the same fields, so their maps share the keys. */
const internedKeys = new Map<string, string>();

/**
 * The offset of every field of `doc` by {@link pathKey}: for an entry of a mapping, where its key starts (the
 * line a reader looks for); for an item of a list, where it starts; for the whole document, where its content
 * starts. Only scalar keys are reachable by a field path, as with `Document.getIn`.
 */
function fieldOffsets(doc: Document): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string, offset: number | undefined) => {
    if (offset === undefined || out.has(key)) return;
    let shared = internedKeys.get(key);
    if (shared === undefined) internedKeys.set(key, (shared = key));
    out.set(shared, offset);
  };
  const rangeOf = (node: unknown) => (node as { range?: [number, number, number] | null } | null)?.range?.[0];
  add('', rangeOf(doc.contents));
  const stack: [unknown, string][] = [[doc.contents, '']];
  while (stack.length) {
    const [node, at] = stack.pop()!;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key) || (typeof pair.key.value !== 'string' && typeof pair.key.value !== 'number')) continue;
        const key = `${at}${typeof pair.key.value === 'number' ? '\u0000#' : '\u0000$'}${pair.key.value}`;
        add(key, rangeOf(pair.key) ?? rangeOf(pair.value));
        stack.push([pair.value, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const key = `${at}\u0000#${i}`;
        add(key, rangeOf(item));
        stack.push([item, key]);
      });
    }
  }
  return out;
}
