/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type checking is done once by `tsc` in `npm test`; ts-jest only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // The toolkit's sources resolve to their compiled JavaScript in dist/ (test/resolver.js; test/global-setup.js
  // builds what changed): ts-jest transforms the tests only.
  resolver: '<rootDir>/test/resolver.js',
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
