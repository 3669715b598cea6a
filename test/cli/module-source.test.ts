import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hashOf, Scratch } from '../../cli/cache-files';
import { inCommonJsScope, withoutInlineSourceMap, wrappedModule } from '../../cli/module-source';
import { inlineMap } from './cache-run';

const WRAPPER: [string, string] = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];
let work: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'module-source-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** `content` written to a file of the test's folder; its path. */
function write(name: string, content: string | Buffer): string {
  const file = path.join(work, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('withoutInlineSourceMap, the text the compile cache compiles', () => {
  const map = inlineMap();

  it('leaves out an inline source map that is the last line, with or without a newline after it', () => {
    expect(withoutInlineSourceMap(`a();\n${map}`)).toBe('a();\n');
    expect(withoutInlineSourceMap(`a();\n${map}\n\n`)).toBe('a();\n');
  });

  it('keeps a source map that is not on the last line, not on a line of its own, or not inline, and code without one', () => {
    for (const kept of [`a();\n${map}\nb();\n`, `a(); ${map}`, 'a();\n//# sourceMappingURL=a.js.map', 'const s = "//# sourceMappingURL=data:";', 'a();']) {
      expect(withoutInlineSourceMap(kept)).toBe(kept);
    }
  });
});

describe('wrappedModule, a cached module read by the cache itself', () => {
  it('gives what the cache would compile from the text Node reads: the wrapper around it, without its inline source map', () => {
    const map = inlineMap();
    for (const content of ['exports.a = 1;\n', `exports.a = 'é 😀';\n${map}`, `exports.a = 1;\n${map}\n`, `a();\n${map}\nb();\n`, 'x'.repeat(100_000)]) {
      const file = write('module.js', content);
      const text = withoutInlineSourceMap(content);
      expect(wrappedModule(file, hashOf(text), WRAPPER, new Scratch())).toBe(`${WRAPPER[0]}${text}${WRAPPER[1]}`);
    }
  });

  it('reads modules of any size in turn into one buffer, each whole', () => {
    const scratch = new Scratch();
    for (const content of ['a'.repeat(10), 'b'.repeat(300_000), 'c'.repeat(20)]) {
      expect(wrappedModule(write('m.js', content), hashOf(content), WRAPPER, scratch)).toBe(`${WRAPPER[0]}${content}${WRAPPER[1]}`);
    }
  });

  it('leaves to Node a module changed since, one starting with #! or a byte order mark, one not valid UTF-8, and a missing file', () => {
    const changed = write('changed.js', 'exports.a = 2;\n');
    expect(wrappedModule(changed, hashOf('exports.a = 1;\n'), WRAPPER, new Scratch())).toBeUndefined();
    for (const content of ['#!/usr/bin/env node\nexports.a = 1;\n', '\ufeffexports.a = 1;\n']) {
      expect(wrappedModule(write('odd.js', content), hashOf(content), WRAPPER, new Scratch())).toBeUndefined();
    }
    const invalid = Buffer.from([0x61, 0xff, 0x62]);
    expect(wrappedModule(write('invalid.js', invalid), hashOf(invalid.toString('utf8')), WRAPPER, new Scratch())).toBeUndefined();
    expect(wrappedModule(path.join(work, 'missing.js'), hashOf(''), WRAPPER, new Scratch())).toBeUndefined();
  });

  it('keeps a map followed by white space outside ASCII, so the hash differs and Node reads the module', () => {
    const content = `a();\n${inlineMap()}\n\u00a0`;
    expect(withoutInlineSourceMap(content)).toBe('a();\n');
    expect(wrappedModule(write('nbsp.js', content), hashOf('a();\n'), WRAPPER, new Scratch())).toBeUndefined();
  });
});

describe('inCommonJsScope, whether Node loads a .js file as CommonJS', () => {
  it('follows the type of the nearest package.json: module is not CommonJS, commonjs, none or no file is', () => {
    write('esm/package.json', '{"type": "module"}');
    write('cjs/package.json', '{"type": "commonjs"}');
    write('plain/package.json', '{"name": "plain"}');
    write('esm/inner/package.json', '{"name": "inner"}');
    const scopes = new Map<string, boolean>();
    expect(inCommonJsScope(path.join(work, 'esm/lib/a.js'), scopes)).toBe(false);
    expect(inCommonJsScope(path.join(work, 'esm/inner/a.js'), scopes)).toBe(true);
    expect(inCommonJsScope(path.join(work, 'cjs/a.js'), scopes)).toBe(true);
    expect(inCommonJsScope(path.join(work, 'plain/a.js'), scopes)).toBe(true);
  });

  it('looks no higher than a node_modules folder, as Node does', () => {
    write('package.json', '{"type": "module"}');
    expect(inCommonJsScope(path.join(work, 'node_modules/a.js'), new Map())).toBe(true);
    expect(inCommonJsScope(path.join(work, 'lib/a.js'), new Map())).toBe(false);
  });

  it('answers no for a package.json it cannot parse, so that Node reports it', () => {
    write('broken/package.json', '{"type": ');
    expect(inCommonJsScope(path.join(work, 'broken/a.js'), new Map())).toBe(false);
  });

  it("keeps each folder's answer for the process", () => {
    write('pkg/package.json', '{}');
    const scopes = new Map<string, boolean>();
    expect(inCommonJsScope(path.join(work, 'pkg/a/b/c.js'), scopes)).toBe(true);
    expect([...scopes.keys()].sort()).toEqual(['pkg', 'pkg/a', 'pkg/a/b'].map((d) => path.join(work, d)));
    fs.writeFileSync(path.join(work, 'pkg/package.json'), '{"type": "module"}');
    expect(inCommonJsScope(path.join(work, 'pkg/a/d.js'), scopes)).toBe(true);
  });
});
