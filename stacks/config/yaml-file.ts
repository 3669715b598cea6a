import * as fs from 'fs';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { ConfigProblem } from './config-error';

/** A parsed YAML file that can say on which line any field stands. */
export class YamlFile {
  /** Reads and parses `file`; parse problems are returned, not thrown, so every file can be reported. */
  static read(file: string): { yaml?: YamlFile; problems: ConfigProblem[] } {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return { problems: [{ file, field: '', message: `cannot read the file (${(e as Error).message})`, fix: 'check the path and its permissions' }] };
    }
    return YamlFile.parse(file, text);
  }

  /** Parses `text` as the content of `file`. */
  static parse(file: string, text: string): { yaml?: YamlFile; problems: ConfigProblem[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length) {
      return {
        problems: doc.errors.map((err) => {
          const pos = lines.linePos(err.pos[0]);
          return { file, line: pos.line, column: pos.col, field: '', message: `YAML syntax error: ${err.message.split('\n')[0]}`, fix: 'correct the YAML syntax at that line' };
        }),
      };
    }
    return { yaml: new YamlFile(file, doc, lines), problems: [] };
  }

  private constructor(readonly file: string, private readonly doc: Document, private readonly lines: LineCounter) {}

  /** The file's content as plain data. */
  toJS(): unknown {
    return this.doc.toJS();
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
