import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compileAsScript, needsJestCompile, readingOnce, wrapped, WRAPPED } = require('./compile-as-script') as {
  compileAsScript: (source: string, filename: string, parameters: string[], context: vm.Context) => (...args: unknown[]) => void;
  needsJestCompile: (coverageOptions: unknown) => boolean;
  readingOnce: (read: (filename: string) => string, folders: string[]) => (filename: string) => string;
  wrapped: (filename: string, head: string, source: string) => string;
  WRAPPED: string;
};

/** A CommonJS module written to a fresh folder of the run's, for this test file to require. */
function moduleFile(name: string, source: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-runtime-')), name);
  fs.writeFileSync(file, source);
  return file;
}

/** The first frame of `error`'s stack that is in `file`: `file:line:column`. */
function frameIn(error: unknown, file: string): string | undefined {
  const stack = String((error as Error).stack);
  return new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`).exec(stack)?.[0];
}

describe("the suite's jest runtime (test/runtime.js)", () => {
  it('compiles the modules a test loads through vm.Script, whose module function is the wrapper earlier jests named', () => {
    // Sloppy mode, where a function can name itself: vm.compileFunction's function has no name.
    expect(require(moduleFile('sloppy.js', 'module.exports = arguments.callee.name;\n'))).toBe(WRAPPED);
  });

  it('gives a module its module, exports, require, __dirname and __filename, and `this` as exports, strict where it says so', () => {
    const file = moduleFile('strict.js', [
      "'use strict';",
      'exports.names = [typeof module, typeof require, __dirname, __filename];',
      'exports.thisIsExports = this === exports;',
      'exports.strict = (function () { return this === undefined; })();',
      "exports.path = require('path').basename(__filename);",
    ].join('\n'));
    expect(require(file)).toEqual({ names: ['object', 'function', path.dirname(file), file], thisIsExports: true, strict: true, path: 'strict.js' });
  });

  it("reports an error at its module's own line and column, on the first line as on the others", () => {
    for (const source of ['const first = 1; throw new Error("on the first line");\n', 'const first = 1;\n\n  throw new Error("on the third line");\n']) {
      const file = moduleFile('throws.js', source);
      const lines = source.split('\n');
      const line = lines.findIndex((l) => l.includes('new Error'));
      let thrown: unknown;
      try {
        require(file);
      } catch (e) {
        thrown = e;
      }
      expect(frameIn(thrown, file)).toBe(`${file}:${line + 1}:${lines[line].indexOf('new Error') + 1}`);
    }
  });

  it('fails to load a module that does not compile with its SyntaxError, naming its file and line', () => {
    const file = moduleFile('broken.js', 'module.exports = ;\n');
    let thrown: unknown;
    try {
      require(file);
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).name).toBe('SyntaxError');
    expect((thrown as Error).message).toMatch(/Unexpected token/);
    expect(String((thrown as Error).stack)).toContain(`${file}:1`);
  });

  it('gives one source compiled in two contexts the globals of each: what V8 reuses is code, not objects', () => {
    const source = 'module.exports = { array: Array, global: globalThis, made: [] };';
    const exportsIn = (context: vm.Context) => {
      const module = { exports: {} as Record<string, unknown> };
      compileAsScript(source, '/virtual/realm.js', ['module'], context).call(module.exports, module);
      return module.exports;
    };
    const [a, b] = [vm.createContext({}), vm.createContext({})];
    const [fromA, fromB] = [exportsIn(a), exportsIn(b)];
    expect(fromA.array).toBe(vm.runInContext('Array', a));
    expect(fromB.array).toBe(vm.runInContext('Array', b));
    expect(fromA.array).not.toBe(fromB.array);
    expect(fromA.global).not.toBe(fromB.global);
    expect(fromA.made).toBeInstanceOf(fromA.array as ArrayConstructor);
    expect(fromB.made).not.toBeInstanceOf(fromA.array as ArrayConstructor);
  });

  it("leaves the compiling to jest in a run that collects V8 coverage, whose ranges count from the module's first byte", () => {
    expect(needsJestCompile({ collectCoverage: true, coverageProvider: 'v8' })).toBe(true);
    expect(needsJestCompile({ collectCoverage: true, coverageProvider: 'babel' })).toBe(false);
    expect(needsJestCompile({ collectCoverage: false, coverageProvider: 'v8' })).toBe(false);
    expect(needsJestCompile(undefined)).toBe(false);
  });

  it('reads a file under node_modules or dist once for all the test files of a worker, and any other file each time', () => {
    const reads: string[] = [];
    const read = readingOnce((file) => {
      reads.push(file);
      return `text of ${file} (read ${reads.length})`;
    }, ['/repo/node_modules', '/repo/dist']);
    for (let i = 0; i < 3; i++) {
      expect(read('/repo/node_modules/cdktf/lib/index.js')).toBe('text of /repo/node_modules/cdktf/lib/index.js (read 1)');
      read('/repo/dist/stacks/index.js');
      read('/repo/test/fixtures/config-files.ts');
    }
    // A folder whose name only begins like one of them is read each time too.
    read('/repo/distant/x.js');
    read('/repo/distant/x.js');
    expect(reads).toEqual([
      '/repo/node_modules/cdktf/lib/index.js',
      '/repo/dist/stacks/index.js',
      '/repo/test/fixtures/config-files.ts',
      '/repo/test/fixtures/config-files.ts',
      '/repo/test/fixtures/config-files.ts',
      '/repo/distant/x.js',
      '/repo/distant/x.js',
    ]);
  });

  it('wraps a module whose text changed anew, and never answers the wrapper of its earlier text', () => {
    const head = '({"w":function(module){';
    expect(wrapped('/virtual/changing.js', head, 'module.exports = 1;')).toBe(`${head}module.exports = 1;\n}});`);
    expect(wrapped('/virtual/changing.js', head, 'module.exports = 1;')).toBe(`${head}module.exports = 1;\n}});`);
    expect(wrapped('/virtual/changing.js', head, 'module.exports = 2;')).toBe(`${head}module.exports = 2;\n}});`);
    expect(wrapped('/virtual/changing.js', '({"w":function(module,exports){', 'module.exports = 2;')).toBe('({"w":function(module,exports){module.exports = 2;\n}});');
  });
});
