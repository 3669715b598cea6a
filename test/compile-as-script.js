// How test/runtime.js reads and compiles a CommonJS module for jest: as a `vm.Script` wrapping the module in a
// function, the way earlier versions of jest did, and when not to; and the files it reads only once. Its own file so
// that test/runtime.test.ts can try it without loading jest-runtime.
const path = require('path');
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
  const script = new vm.Script(wrapped(filename, head, source), { filename, columnOffset: -head.length, importModuleDynamically });
  return script.runInContext(context)[WRAPPED];
}

/** The last wrapped text of each file, with the module text and head it was made of. */
const wrappedTexts = new Map();

/**
 * `source` wrapped in `head`, as the same string as the last time this file was wrapped the same way. V8 looks
 * a script up among those it compiled by its text: a new string of the same text is copied flat and hashed again
 * (megabytes for cdktf and the bindings, in every test file), where the same string carries the hash it was given.
 */
function wrapped(filename, head, source) {
  const last = wrappedTexts.get(filename);
  if (last && last.source === source && last.head === head) return last.text;
  const text = `${head}${source}\n}});`;
  wrappedTexts.set(filename, { source, head, text });
  return text;
}

/**
 * Whether a run with these coverage options needs jest's own compile: V8 coverage (`--coverageProvider=v8`), whose
 * ranges jest reads as offsets into the module's own text, which the wrapper would shift.
 */
function needsJestCompile(coverageOptions) {
  return Boolean(coverageOptions && coverageOptions.collectCoverage && coverageOptions.coverageProvider === 'v8');
}

/**
 * `read` (a file's text by its path), reading each file under one of `folders` only the first time and answering
 * the same string from `texts` after; files elsewhere are read each time. For files a run does not change.
 */
function readingOnce(read, folders, texts = new Map()) {
  const under = folders.map((folder) => folder + path.sep);
  return (filename) => {
    if (!under.some((folder) => filename.startsWith(folder))) return read(filename);
    let text = texts.get(filename);
    if (text === undefined) {
      text = read(filename);
      texts.set(filename, text);
    }
    return text;
  };
}

module.exports = { compileAsScript, needsJestCompile, readingOnce, wrapped, WRAPPED };
