import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadConfig } from '../../loader';
import { YamlFile } from '../../loader/yaml-file';
import { bundledYaml, configWith } from '../fixtures/config-files';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-reuse-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** `text` written as `name` in a folder of its own; returns the file. */
function fileWith(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(scratch, 'case-'));
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

describe('YamlFile.read with reuse', () => {
  it('parses a text once, whatever file holds it, and each reader gets data of its own, located in its own file', () => {
    // A text no other test of this process reads.
    const text = `# reuse test ${Date.now()}\nsites:\n  - id: a\n    tags: [x, y]\n  - id: b\n`;
    const [first, second] = [fileWith('sites.yaml', text), fileWith('sites.yaml', text)];
    const parses = jest.spyOn(YamlFile, 'parse');
    try {
      const a = YamlFile.read(first, undefined, { reuse: true }).yaml!;
      const b = YamlFile.read(second, undefined, { reuse: true }).yaml!;
      expect(parses).toHaveBeenCalledTimes(1);
      expect(b.toJS()).toEqual(a.toJS());
      expect(b.toJS()).not.toBe(a.toJS());
      for (const reader of [a, b]) (reader.toJS() as { sites: { tags: string[] }[] }).sites[0].tags.push('changed by a reader');
      expect(YamlFile.read(fileWith('sites.yaml', text), undefined, { reuse: true }).yaml!.toJS()).toEqual({ sites: [{ id: 'a', tags: ['x', 'y'] }, { id: 'b' }] });
      expect(b.problem('sites[1].id', 'm', 'f')).toEqual({ file: second, line: 5, column: 5, field: 'sites[1].id', message: 'm', fix: 'f' });
      expect(parses).toHaveBeenCalledTimes(1);
    } finally {
      parses.mockRestore();
    }
  });

  it('parses again without reuse, and when the text differs', () => {
    const text = `# no reuse ${Date.now()}\na: 1\n`;
    const parses = jest.spyOn(YamlFile, 'parse');
    try {
      YamlFile.read(fileWith('x.yaml', text), undefined, { reuse: true });
      YamlFile.read(fileWith('x.yaml', text));
      YamlFile.read(fileWith('x.yaml', `${text}b: 2\n`), undefined, { reuse: true });
      expect(parses).toHaveBeenCalledTimes(3);
    } finally {
      parses.mockRestore();
    }
  });

  it('keeps a "__proto__" key a field of its own in every copy', () => {
    const text = `# proto ${Date.now()}\n__proto__:\n  polluted: true\n`;
    for (let i = 0; i < 2; i++) {
      const data = YamlFile.read(fileWith('p.yaml', text), undefined, { reuse: true }).yaml!.toJS() as Record<string, unknown>;
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(data, '__proto__')).toBe(true);
      expect((data as { polluted?: unknown }).polluted).toBeUndefined();
    }
  });
});

describe('loading a config whose catalogue was read before', () => {
  it("names the second config's own file and line in a problem of its catalogue", () => {
    const broken = bundledYaml('classifications.yaml').replace('    description: Published or publishable information.', '    descriptionz: Published or publishable information.');
    const problemsOf = (dir: string) => {
      try {
        loadConfig(dir);
      } catch (e) {
        if (e instanceof ConfigError) return e.problems.filter((p) => p.file.endsWith('classifications.yaml'));
        throw e;
      }
      throw new Error(`${dir} loaded`);
    };
    const [first, second] = [configWith({ classifications: broken }), configWith({ classifications: broken })];
    const a = problemsOf(first);
    const b = problemsOf(second);
    expect(a.length).toBeGreaterThan(0);
    expect(b.map((p) => ({ ...p, file: p.file.replace(second, first) }))).toEqual(a);
    expect(b.every((p) => p.file.startsWith(second))).toBe(true);
  });
});
