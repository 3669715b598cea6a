// Jest's module runtime (jest-runtime), with two changes (test/compile-as-script.js holds both):
// - each module is compiled as a `vm.Script`, as earlier versions of jest did, instead of with `vm.compileFunction`;
// - a worker reads the text of a module under node_modules/ or dist/ once, for all its test files, and wraps it
//   into the same string each time (not in watch mode, where a worker outlives a rebuild of dist/). On the suite's in-process tests (test/stacks, policy, loader and constructs),
//   three runs each, alternating: 744,000 to 799,000 page faults and 67 to 76 s of CPU before, 680,000 to 694,000
//   and 65 to 71 s after.
//
// Why: every test file gets a fresh module registry, so a worker loads cdktf, the provider bindings and the
// toolkit again for each file that uses them. V8 keeps the scripts it compiled, with the bytecode of the functions
// that ran, for the life of the process, and a second `vm.Script` of the same source and name starts from them.
// With Node 20's `vm.compileFunction`, as jest 30 compiles, a second load into a fresh context cost about 1.6
// times as much as with `vm.Script`. The figures are in docs/testing.md.
//
// A dynamic `import()` goes where jest's own compile sends it. A module that does not compile this way is handed
// to jest's own compile, which reports the error as jest always has. So is every module of a run that collects
// coverage with V8 (`--coverageProvider=v8`), whose ranges jest reads as offsets into the module's own text.
const path = require('path');
const vm = require('vm');
const { default: Runtime } = require('jest-runtime');
const { compileAsScript, needsJestCompile, readingOnce } = require('./compile-as-script');

const ROOT = path.resolve(__dirname, '..');

/** Where the files are that a run does not change: the dependencies, and the toolkit as global-setup.js built it. */
const UNCHANGING = [path.join(ROOT, 'node_modules'), path.join(ROOT, 'dist')];
/** Their text, read once by this worker for all its test files: jest reads every module again for each test file. */
const unchangingText = new Map();

class ScriptRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const fileCache = this.fileCache;
    if (!fileCache || typeof fileCache.readFile !== 'function') {
      throw new Error('test/runtime.js: this jest-runtime has no fileCache.readFile; update test/runtime.js to it, or remove "runtime" from jest.config.js');
    }
    // jest-runtime's eighth argument: the run's global config. In watch mode a worker outlives a rebuild of dist/.
    const globalConfig = args[7] ?? {};
    if (!globalConfig.watch && !globalConfig.watchAll) fileCache.readFile = readingOnce(fileCache.readFile.bind(fileCache), UNCHANGING, unchangingText);
    // jest-runtime's sixth argument: the run's coverage options.
    if (needsJestCompile(args[5])) return;
    const executor = this.executor;
    if (!executor || typeof executor.compile !== 'function' || typeof executor.dynamicImport !== 'function' || !Array.isArray(executor.injectedModuleParameters)) {
      throw new Error('test/runtime.js: this jest-runtime has no executor.compile; update test/runtime.js to it, or remove "runtime" from jest.config.js');
    }
    const compileFunction = executor.compile.bind(executor);
    executor.compile = (source, filename) => {
      const context = this._environment.getVmContext();
      if (!context || this._resolution.isCoreModule(filename)) return compileFunction(source, filename);
      // What jest's compile does with an import(): ES modules need node --experimental-vm-modules.
      const importModuleDynamically = (specifier, _script, importAttributes, phase) => {
        if (typeof vm.SourceTextModule !== 'function') {
          return Promise.reject(new Error('You need to run with a version of node that supports ES Modules in the VM API. See https://jestjs.io/docs/ecmascript-modules'));
        }
        return executor.dynamicImport(specifier, filename, context, importAttributes, phase);
      };
      try {
        return compileAsScript(source, filename, executor.injectedModuleParameters, context, importModuleDynamically);
      } catch {
        return compileFunction(source, filename);
      }
    };
  }
}

module.exports = ScriptRuntime;
