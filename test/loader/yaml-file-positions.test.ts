import * as fs from 'fs';
import * as path from 'path';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { YamlFile } from '../../loader/yaml-file';

const REPO = path.resolve(__dirname, '../..');

/** Where a field stands, asked of the whole parsed document, as the loader did before it kept only positions. */
function locateInDocument(doc: Document, lines: LineCounter, p: (string | number)[]): { line: number; column: number } {
  for (let n = p.length; n >= 0; n--) {
    const prefix = p.slice(0, n);
    const parent = n ? doc.getIn(prefix.slice(0, -1), true) : undefined;
    const pair = isMap(parent) ? parent.items.find((x) => isScalar(x.key) && x.key.value === prefix[n - 1]) : undefined;
    const range = (isScalar(pair?.key) ? pair.key.range : undefined) ?? (doc.getIn(prefix, true) as { range?: [number, number, number] } | undefined)?.range;
    if (range) {
      const pos = lines.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/** Every path of `value`, and for each one a missing child of it, as a field in dotted form. */
function fieldsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at, [...at, 'missingField']];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...fieldsOf(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...fieldsOf(v, [...at, k]));
  return out;
}

const dotted = (p: (string | number)[]) => p.map((x, i) => (typeof x === 'number' ? `[${x}]` : i ? `.${x}` : x)).join('');

describe('YamlFile.locate', () => {
  const files = ['sites.yaml', 'classifications.yaml', ...fs.readdirSync(path.join(REPO, 'config/tenants')).map((f) => `tenants/${f}`)];
  for (const name of files) {
    it(`puts every field of config/${name}, and every missing one, on the line the whole document gives`, () => {
      const text = fs.readFileSync(path.join(REPO, 'config', name), 'utf8');
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines });
      const { yaml } = YamlFile.parse(name, text);
      const fields = fieldsOf(doc.toJS());
      expect(fields.length).toBeGreaterThan(10);
      for (const field of fields) {
        const expected = locateInDocument(doc, lines, field);
        expect({ field: dotted(field), ...yaml!.locate(dotted(field)) }).toEqual({ field: dotted(field), ...expected });
        expect(yaml!.locate(`/${field.join('/')}`)).toEqual(expected);
      }
    });
  }

  it('tells a numeric key of a mapping from a list index', () => {
    const { yaml } = YamlFile.parse('t.yaml', 'a:\n  0: zero\n  x: [one, two]\n');
    expect(yaml!.locate('a[0]').line).toBe(2);
    expect(yaml!.locate('a.x[1]').line).toBe(3);
    expect(yaml!.locate('a.x[5]').line).toBe(3);
  });
});
