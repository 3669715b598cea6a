import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { CONFIG_FILE_MAX_BYTES, readInputFile } from './read-input-file';
import type { ConfigProblem } from './config-error';
import { documentProblems, isNestingOverflow, MAX_YAML_DEPTH } from './yaml-limits';

/** A parsed YAML file that can say on which line any field stands. */
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

  private constructor(readonly file: string, private readonly doc: Document, private readonly lines: LineCounter) {}

  /** The file's content as plain data. */
  toJS(): unknown {
    // parse() refused every alias; a limit of 0 keeps it so should that check ever be bypassed.
    return this.doc.toJS({ maxAliasCount: 0 });
  }

  /**
   * Line and column of a field (`vms[0].template`, or a JSON pointer `/vms/0/template`). Falls back to the
   * nearest parent that exists, so a missing field points at the object that lacks it.
   */
  locate(field: string): { line: number; column: number } {
    const path = toPath(field);
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      const range = keyRange(this.doc, path.slice(0, n)) ?? node?.range;
      if (range) {
        const pos = this.lines.linePos(range[0]);
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

/** The range of the key of a map entry, so a field's line is the line of its name. */
function keyRange(doc: Document, path: (string | number)[]): [number, number, number] | undefined {
  if (path.length === 0) return undefined;
  const parent = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
  return isScalar(pair?.key) ? (pair.key.range ?? undefined) : undefined;
}
