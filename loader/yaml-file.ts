import type { Document } from 'yaml';
import { CONFIG_FILE_MAX_BYTES, readInputFile } from './read-input-file';
import type { ConfigProblem } from './config-error';
import { LineStarts, parsePlainYaml, type LinePositions } from './plain-yaml';

/** Options of {@link YamlFile.read}. */
export interface YamlReadOptions {
  /**
   * Whether a text this process parsed before (with this option) is taken from memory instead of parsed again:
   * for the catalogue files, which a process that loads a config more than once (the pipeline's base revision,
   * a caller of the library, a test) reads unchanged each time. Parsing is most of a load (the catalogue of the
   * bundled config: 50 KB of YAML, 10 to 15 ms); the parsed data is copied for each reader.
   * @default false - tenant files are many and each is read once
   */
  readonly reuse?: boolean;
}

/** The parse of a text, kept for {@link YamlReadOptions.reuse}: the data (copied for each reader), offsets and lines. */
interface Parsed {
  readonly data: unknown;
  readonly offsets: ReadonlyMap<string, number>;
  readonly lines: LinePositions;
}

/** How many texts {@link reusable} keeps: a config's three catalogue files, at a few revisions. */
const REUSABLE_TEXTS = 12;

/** Texts parsed with {@link YamlReadOptions.reuse}, oldest first. */
const reusable = new Map<string, Parsed>();

/** Keeps the parse of `text` for {@link YamlReadOptions.reuse}, when its data is plain enough for {@link copyOf}. */
function remember(text: string, parsed: Parsed): void {
  if (!isPlainData(parsed.data)) return;
  if (reusable.size >= REUSABLE_TEXTS) reusable.delete(reusable.keys().next().value!);
  reusable.set(text, { ...parsed, data: copyOf(parsed.data) });
}

/** Whether `value` holds only mappings (plain objects), lists and scalars: what {@link copyOf} copies exactly. */
function isPlainData(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isPlainData);
  if (value === null || typeof value !== 'object') return typeof value !== 'function';
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && Object.values(value).every(isPlainData);
}

/** A deep copy of plain YAML data, so no reader sees what another changed. */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // As yaml writes a "__proto__" key: a field of its own, never the object's prototype.
    if (k === '__proto__') Object.defineProperty(out, k, { value: copyOf(v), writable: true, enumerable: true, configurable: true });
    else out[k] = copyOf(v);
  }
  return out;
}

/**
 * A parsed YAML file that can say on which line any field stands. It keeps its data and the offset of every field,
 * not the parsed document (whose nodes took about twelve times the memory: 123 MiB of the 10,000-tenant load).
 */
export class YamlFile {
  /**
   * Reads and parses `file`; problems are returned, not thrown, so every file can be reported. The file is
   * read only if it is a regular file of at most {@link CONFIG_FILE_MAX_BYTES} (within `folder`, when given).
   */
  static read(file: string, folder?: string, options: YamlReadOptions = {}): { yaml?: YamlFile; problems: ConfigProblem[] } {
    const read = readInputFile(file, { maxBytes: CONFIG_FILE_MAX_BYTES, within: folder });
    if ('refused' in read) {
      const line = read.line === undefined ? {} : { line: read.line };
      return { problems: [{ file, ...line, field: '', message: `not read: ${read.refused}`, fix: read.fix }] };
    }
    if (options.reuse) {
      const known = reusable.get(read.text);
      if (known) return { yaml: new YamlFile(file, copyOf(known.data), known.offsets, known.lines), problems: [] };
    }
    const parsed = YamlFile.parse(file, read.text);
    if (options.reuse && parsed.yaml) remember(read.text, parsed.yaml.parsed());
    return parsed;
  }

  /**
   * Parses `text` as the content of `file`, and refuses what `documentProblems` (`yaml-limits.ts`) refuses: with
   * the parser of plain config YAML (`plain-yaml.ts`) when the text is in its subset, else with the `yaml` package.
   */
  static parse(file: string, text: string): { yaml?: YamlFile; problems: ConfigProblem[] } {
    const plain = parsePlainYaml(text, intern);
    if (!plain) return YamlFile.parseWithPackage(file, text);
    return { yaml: new YamlFile(file, plain.data, plain.offsets, new LineStarts(plain.lineStarts)), problems: [] };
  }

  /**
   * {@link parse} with the `yaml` package whatever the text: what the plain parser is held to in the tests. The
   * package (and `yaml-limits.ts`, which walks its documents) is loaded on the first text that needs it.
   */
  static parseWithPackage(file: string, text: string): { yaml?: YamlFile; problems: ConfigProblem[] } {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { documentProblems, isNestingOverflow, MAX_YAML_DEPTH } = require('./yaml-limits') as typeof import('./yaml-limits');
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
    // parse() refused every alias; a limit of 0 keeps it so should that check ever be bypassed.
    return { yaml: new YamlFile(file, doc.toJS({ maxAliasCount: 0 }), fieldOffsets(doc), lines), problems: [] };
  }

  /**
   * @param data the file's content as plain data
   * @param offsets offset in the text of every field, by {@link pathKey}: of its key in a mapping, else of its value
   * @param lines where the text's lines start
   */
  private constructor(
    readonly file: string,
    private readonly data: unknown,
    private readonly offsets: ReadonlyMap<string, number>,
    private readonly lines: LinePositions,
  ) {}

  /** What {@link YamlReadOptions.reuse} keeps of this parse. */
  private parsed(): Parsed {
    return { data: this.data, offsets: this.offsets, lines: this.lines };
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

/** The one string kept for `key` in {@link internedKeys}. */
function intern(key: string): string {
  let shared = internedKeys.get(key);
  if (shared === undefined) internedKeys.set(key, (shared = key));
  return shared;
}

/**
 * The offset of every field of `doc` by {@link pathKey}: for an entry of a mapping, where its key starts (the
 * line a reader looks for); for an item of a list, where it starts; for the whole document, where its content
 * starts. Only scalar keys are reachable by a field path, as with `Document.getIn`.
 */
function fieldOffsets(doc: Document): Map<string, number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isMap, isScalar, isSeq } = require('yaml') as typeof import('yaml');
  const out = new Map<string, number>();
  const add = (key: string, offset: number | undefined) => {
    if (offset === undefined || out.has(key)) return;
    out.set(intern(key), offset);
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
