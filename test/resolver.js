// Jest's module resolution, with one change: a module of the toolkit's sources (policy/, loader/, stacks/, ...)
// resolves to its compiled JavaScript in dist/, which `npm test` builds first and test/global-setup.js brings up
// to date otherwise. The tests so run the code the package ships, and ts-jest transforms only the tests: on a
// clean clone (an empty jest cache) each worker transformed every source file it loaded, about 15 s of CPU.
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** The folders tsconfig.build.json compiles into dist/. */
const SOURCE_FOLDERS = ['policy', 'loader', 'constructs', 'stacks', 'check', 'evidence', 'bundle', 'pipeline', 'plan', 'cli', 'bench'];
const SOURCE = new RegExp(`^(${SOURCE_FOLDERS.join('|')})/.+(?<!\\.d)\\.ts$`);

module.exports = (request, options) => {
  const resolved = options.defaultResolver(request, options);
  const rel = path.relative(ROOT, resolved).split(path.sep).join('/');
  return SOURCE.test(rel) ? path.join(ROOT, 'dist', rel.replace(/\.ts$/, '.js')) : resolved;
};
module.exports.SOURCE_FOLDERS = SOURCE_FOLDERS;
