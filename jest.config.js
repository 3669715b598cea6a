/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type checking is done once by `tsc` in `npm test`; ts-jest only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // cdktf's archiver and semver, loaded when first used (test/lazy/lazy-module.js): about 0.15 s less per test file
  // that loads cdktf.
  // The loader run from its TypeScript source looks for the schema validators compiled at build time beside itself,
  // in loader/, where they are not, and compiles the schemas with ajv in every test file that loads a config (about
  // 0.15 s apiece): it is pointed at the ones `npm test` builds into dist/loader/, which the CLI uses. They are used
  // only when they were compiled from these very schemas (their digest), else ajv compiles them as before;
  // test/loader/compiled-schemas.test.ts shows both give the same verdicts.
  moduleNameMapper: {
    '^(archiver|semver)$': '<rootDir>/test/lazy/$1.js',
    '^.*/loader/compiled-schemas\\.js$': '<rootDir>/dist/loader/compiled-schemas.js',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 60000,
  // Jest's default is one worker fewer than the cores: one on a 2-core machine, which leaves a core idle. A worker
  // per core ran the suite in about half the time there (403 s -> 170 s of jest).
  maxWorkers: '100%',
};
