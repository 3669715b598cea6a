// How test/runtime.js compiles a CommonJS module for jest: as a `vm.Script` wrapping the module in a function, the
// way earlier versions of jest did, and when not to. Its own file so that test/runtime.test.ts can try it without
// loading jest-runtime.
const vm = require('vm');

/** The key the wrapper's function is read from, as earlier versions of jest-runtime named it. */
const WRAPPED = 'Object.<anonymous>';

/**
 * `source`, a CommonJS module's code, compiled in `context` as a function of `parameters` (the names jest passes:
 * module, exports, require, __dirname, __filename, jest), through a `vm.Script` named `filename`;
 * `importModuleDynamically` answers its `import()` calls. The wrapper is on the module's first line, and that
 * line's columns are given a negative offset, so stack traces give the module's own lines and columns.
 */
function compileAsScript(source, filename, parameters, context, importModuleDynamically) {
  const head = `({"${WRAPPED}":function(${parameters.join(',')}){`;
  const script = new vm.Script(`${head}${source}\n}});`, { filename, columnOffset: -head.length, importModuleDynamically });
  return script.runInContext(context)[WRAPPED];
}

/**
 * Whether a run with these coverage options needs jest's own compile: V8 coverage (`--coverageProvider=v8`), whose
 * ranges jest reads as offsets into the module's own text, which the wrapper would shift.
 */
function needsJestCompile(coverageOptions) {
  return Boolean(coverageOptions && coverageOptions.collectCoverage && coverageOptions.coverageProvider === 'v8');
}

module.exports = { compileAsScript, needsJestCompile, WRAPPED };
