// cdktf's jest matchers (toHaveResourceWithProperties, toBeValidTerraform, ...), registered here for every test
// file but loaded from cdktf only when a test first uses one: most test files never do, and loading cdktf in each
// of them cost about a tenth of a second apiece (issue 15).
type Matcher = (this: jest.MatcherContext, ...args: unknown[]) => jest.CustomMatcherResult;

/** The matchers `Testing.setupJest()` registers, in cdktf 0.21 (`cdktf/lib/testing/adapters/jest.js`). */
const CDKTF_MATCHERS = [
  'toHaveResource',
  'toHaveResourceWithProperties',
  'toHaveDataSource',
  'toHaveDataSourceWithProperties',
  'toHaveProvider',
  'toHaveProviderWithProperties',
  'toBeValidTerraform',
  'toPlanSuccessfully',
] as const;

let loaded: Record<string, Matcher> | undefined;

/** cdktf's own matchers, taken from its `setupJest` the first time one is used. */
function cdktfMatchers(): Record<string, Matcher> {
  if (!loaded) {
    const extend = expect.extend;
    try {
      expect.extend = (matchers: Record<string, Matcher>) => {
        loaded = matchers;
      };
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('cdktf') as typeof import('cdktf')).Testing.setupJest();
    } finally {
      expect.extend = extend;
    }
  }
  return loaded!;
}

expect.extend(
  Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (this: jest.MatcherContext, ...args: unknown[]) {
        const matcher = cdktfMatchers()[name];
        if (!matcher) throw new Error(`test/setup.ts: cdktf no longer registers the matcher ${name}; update CDKTF_MATCHERS`);
        return matcher.apply(this, args);
      },
    ]),
  ),
);
