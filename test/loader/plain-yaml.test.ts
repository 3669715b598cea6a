import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseDocument } from 'yaml';
import { parsePlainYaml } from '../../loader/plain-yaml';
import { YamlFile } from '../../loader/yaml-file';
import { BUNDLED_CONFIG, DEFAULTED_SITES, tenantYaml } from '../fixtures/config-files';
import { pick, seededRandom } from '../fixtures/seeded-random';

/**
 * The parser of plain config YAML gives what the `yaml` package gives (the data, the line and column of every
 * field, the line starts) whenever it gives anything, and leaves every other text to the package.
 */

/** The bundled config's YAML files, by path relative to the config folder. */
const BUNDLED: Record<string, string> = Object.fromEntries(
  ['sites.yaml', 'classifications.yaml', 'components.yaml', ...fs.readdirSync(path.join(BUNDLED_CONFIG, 'tenants')).map((f) => `tenants/${f}`)].map((f) => [
    f,
    fs.readFileSync(path.join(BUNDLED_CONFIG, f), 'utf8'),
  ]),
);

/** Tenant files as the tests write them (the `yaml` package's own output), one per bundled site and a few shapes. */
const WRITTEN: string[] = [
  ...DEFAULTED_SITES.map((site) => tenantYaml({ site }).text),
  tenantYaml({ vms: [{ name: 'db', count: 2, dataDisksGb: [500, 200] }, {}], keys: { rotationDays: 30, deletionAllowed: true } }).text,
  tenantYaml({ description: 'A description, with a comma and a # sign', owner: { organisation: 'Ministère de la Santé' } }).text,
];

/** The field paths of `data` as JSON pointers, the whole document ('') first. */
function fieldPaths(data: unknown, at = ''): string[] {
  if (Array.isArray(data)) return [at, ...data.flatMap((v, i) => fieldPaths(v, `${at}/${i}`))];
  if (data !== null && typeof data === 'object') {
    return [at, ...Object.entries(data).flatMap(([k, v]) => fieldPaths(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`))];
  }
  return [at];
}

/** What a reader of a parsed file sees: its data, and where every field of it stands. */
function reading(yaml: YamlFile): { data: unknown; positions: Record<string, { line: number; column: number }> } {
  const data = yaml.toJS();
  return { data, positions: Object.fromEntries(fieldPaths(data).map((p) => [p, yaml.locate(p)])) };
}

/** Where the `yaml` package's LineCounter says the lines of `text` start. */
function packageLineStarts(text: string): number[] {
  const lines = new LineCounter();
  parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  return lines.lineStarts;
}

/**
 * Whether the plain parser took `text`; when it did, asserts that it agrees with the `yaml` package (which must
 * then accept the text, with no problem) on the data, every field's position and the line starts.
 */
function agrees(text: string, context: unknown): boolean {
  const plain = parsePlainYaml(text);
  if (!plain) return false;
  const byPackage = YamlFile.parseWithPackage('file.yaml', text);
  expect({ context, problems: byPackage.problems }).toEqual({ context, problems: [] });
  const byPlain = YamlFile.parse('file.yaml', text);
  expect({ context, reading: reading(byPlain.yaml!) }).toEqual({ context, reading: reading(byPackage.yaml!) });
  expect({ context, lineStarts: plain.lineStarts }).toEqual({ context, lineStarts: packageLineStarts(text) });
  return true;
}

describe('the parser of plain config YAML (loader/plain-yaml.ts)', () => {
  it('reads every YAML file of the bundled config itself, as the yaml package reads it', () => {
    for (const [file, text] of Object.entries(BUNDLED)) expect({ file, plain: agrees(text, file) }).toEqual({ file, plain: true });
  });

  it('reads the tenant files the yaml package writes, as the package reads them', () => {
    for (const text of WRITTEN) expect({ text, plain: agrees(text, text) }).toEqual({ text, plain: true });
  });

  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a folded scalar', 'a: >\n  text\n'],
    ['a plain scalar on two lines', 'a: one\n  two\n'],
    ['a double-quoted escape', 'a: "x\\ty"\n'],
    ['a single-quoted quote', "a: 'it''s'\n"],
    ['a quoted string on two lines', 'a: "one\n  two"\n'],
    ['a hexadecimal number', 'a: 0x1F\n'],
    ['an octal number', 'a: 0o17\n'],
    ['a float', 'a: 1.5\n'],
    ['an exponent', 'a: 1e309\n'],
    ['infinity', 'a: .inf\n'],
    ['an integer past 2^53', 'a: 123456789012345678\n'],
    ['a leading zero', 'a: 007\n'],
    ['a plus sign', 'a: +1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate key in a flow mapping', 'a: { b: 1, b: 2 }\n'],
    ['a __proto__ key', '__proto__: { polluted: true }\n'],
    ['a key the core schema reads as a boolean', 'true: 1\n'],
    ['a quoted key', '"a": 1\n'],
    ['a key with a space before its colon', 'a : 1\n'],
    ['a tab', 'a:\t1\n'],
    ['a carriage return', 'a: 1\r\nb: 2\r\n'],
    ['a byte-order mark', '\ufeffa: 1\n'],
    ['a document marker', '---\na: 1\n'],
    ['a directive', '%YAML 1.1\n---\na: yes\n'],
    ['a list at its key\'s column', 'a:\n- 1\n- 2\n'],
    ['a list in a list', 'a:\n  - - 1\n'],
    ['a dash alone', 'a:\n  -\n    b: 1\n'],
    ['a trailing comma', 'a: [1, 2, ]\n'],
    ['a flow collection on two lines', 'a: [1,\n  2]\n'],
    ['a mapping in a value', 'a: b: c\n'],
    ['a complex key', '? a\n: 1\n'],
    ['an indented top level', '  a: 1\n'],
    ['an empty file', ''],
    ['only a comment', '# nothing\n'],
    ['a top-level list', '- a\n- b\n'],
    ['a top-level scalar', 'just text\n'],
    ['a wrong indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a value starting with an indicator', 'a: @x\n'],
    ['a colon in a flow scalar', 'a: [http://x]\n'],
    ['nesting deeper than its limit', `a: ${'['.repeat(17)}${']'.repeat(17)}\n`],
  ])('leaves %s to the yaml package', (_what, text) => {
    expect(parsePlainYaml(text)).toBeUndefined();
  });

  it('reads null, booleans, integers and strings as the core schema does', () => {
    const text = 'a: ~\nb: null\nc: True\nd: FALSE\ne: -0\nf: 42\ng: 10.21.0.0/24\nh: 10.99.0.53\ni: yes\nj: "1"\nk: \'x # y\'\nl: a#b # c\nm: []\nn: {}\no: Ministère\n';
    expect(agrees(text, text)).toBe(true);
    expect(parsePlainYaml(text)!.data).toEqual({ a: null, b: null, c: true, d: false, e: -0, f: 42, g: '10.21.0.0/24', h: '10.99.0.53', i: 'yes', j: '1', k: 'x # y', l: 'a#b', m: [], n: {}, o: 'Ministère' });
  });

  it('agrees with the yaml package on 1,500 seeded mutations of the bundled config, of which it takes a good part', () => {
    const random = seededRandom(20261202);
    const choose = <T>(xs: readonly T[]): T => pick(random, xs);
    const values = [
      '', '~', 'null', 'True', '-1', '-0', '0', '007', '+1', '1.5', '1e3', '0x10', '0o7', '.inf', '.NaN', '10.0.0.1', '10.0.0.0/8', '123456789012345678',
      'yes', 'constructor', '__proto__', 'a: b', 'a:', "'it''s'", "'x'", '"a\\"b"', '"x"', '"x" y', '[a, [b, {c: d}]]', '[a, ]', '{ a: 1, a: 2 }', '{ a: 1 }',
      '{a: 1}', 'x #c', 'x#c', '"x" #c', '\u00a0x', 'x\u00a0', 'é', '🙂', '- x', '&a x', '*a', '!t x', '|', '>', '? x', '%x', '@x', '`x', '[', '}', ', x',
      '[1, 2] x', '{ a: [1, 2], b: { c: "d" } }', 'a  b', '#',
    ];
    const texts = Object.values(BUNDLED);
    const tenants = Object.entries(BUNDLED).filter(([f]) => f.startsWith('tenants/')).map(([, t]) => t);
    let taken = 0;
    const runs = 1_500;
    for (let n = 0; n < runs; n++) {
      // Mostly tenant files (small); one in ten a catalogue file.
      const lines = (random() < 0.1 ? choose(texts) : choose([...tenants, ...WRITTEN])).split('\n');
      const did: string[] = [];
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
        const i = Math.floor(random() * lines.length);
        const kind = choose(['value', 'value', 'value', 'delete', 'duplicate', 'indent', 'outdent', 'key', 'char']);
        if (kind === 'delete') lines.splice(i, 1);
        else if (kind === 'duplicate') lines.splice(i, 0, lines[i]);
        else if (kind === 'indent') lines[i] = `  ${lines[i]}`;
        else if (kind === 'outdent') lines[i] = lines[i].replace(/^ {1,2}/, '');
        else if (kind === 'key') lines.splice(i, 0, `${' '.repeat(2 * Math.floor(random() * 3))}${choose(['extra', 'name', 'vms', '- name', '-'])}: ${choose(values)}`);
        else if (kind === 'char') {
          const at = Math.floor(random() * (lines[i].length + 1));
          lines[i] = `${lines[i].slice(0, at)}${choose([' ', ':', '-', '#', '[', ']', '{', '}', ',', '"', "'", '&', '*', '!', '|', '>', '\t', '\\'])}${lines[i].slice(at)}`;
        } else if (/:\s*\S/.test(lines[i])) lines[i] = lines[i].replace(/:\s*.*$/, `: ${choose(values)}`);
        did.push(`${kind} line ${i + 1}`);
      }
      if (agrees(lines.join('\n'), { run: n, did })) taken++;
    }
    // A good part of the mutations stay in the subset (so the comparison is not empty), and many leave it.
    expect(taken).toBeGreaterThan(runs * 0.2);
    expect(taken).toBeLessThan(runs * 0.95);
  });
});
