// cdktf 0.21 requires `archiver` (about 250 modules with its lodash, glob and readable-stream) and `semver` when
// it loads, and the toolkit's stacks use neither. The CLI defers them through Node's module cache
// (stacks/synth/defer-cdktf-dependencies.ts), which jest's module registry does not consult; so jest maps both
// names to these stand-ins (jest.config.js, moduleNameMapper), built by the same `loadedOnFirstUse`, which load
// cdktf's own copy the first time they are called or read. Only cdktf requires them in test code; a test that
// zips an asset still gets the real one.
const path = require('path');
const { loadedOnFirstUse } = require('../../stacks/synth/defer-cdktf-dependencies');

/** A stand-in for the module `name` as cdktf resolves it, loaded on first use. */
module.exports = function lazyCdktfDependency(name) {
  let real;
  return loadedOnFirstUse(() => {
    // An absolute path: the bare name would be mapped back to this stand-in.
    if (real === undefined) real = require(path.join(path.dirname(require.resolve('cdktf/package.json')), 'node_modules', name));
    return real;
  });
};
