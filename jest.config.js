/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type checking is done once by `tsc` in `npm test`; the tests are only transpiled, by swc (tsconfig.json's
  // target and module): with ts-jest, which loads TypeScript in each worker, a run with an empty jest cache (a clean
  // clone's, as CI's) took 81 and 83 s, with swc 76 and 80 s, measured back to back.
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  // The toolkit's sources resolve to their compiled JavaScript in dist/ (test/resolver.js; test/global-setup.js
  // builds what changed): only the tests are transpiled.
  resolver: '<rootDir>/test/resolver.js',
  // Modules compiled as vm.Script, whose compiled code V8 reuses in the next test file of the same worker
  // (test/runtime.js): jest's vm.compileFunction compiled cdktf and the bindings again for every file.
  runtime: '<rootDir>/test/runtime.js',
  // cdktf's archiver and semver, loaded when first used (test/lazy/lazy-module.js): about 0.15 s less per test file
  // that loads cdktf.
  moduleNameMapper: { '^(archiver|semver)$': '<rootDir>/test/lazy/$1.js' },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 60000,
  // Jest's default is one worker fewer than the cores: one on a 2-core machine, which leaves a core idle. A worker
  // per core ran the suite in about half the time there (403 s -> 170 s of jest).
  maxWorkers: '100%',
};
