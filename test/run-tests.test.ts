import { spawnSync } from 'child_process';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { WORKER_V8_FLAGS } = require('./run-tests.js') as { WORKER_V8_FLAGS: string[] };

/** Set by test/run-tests.js (`npm test`) for the jest it starts; absent under a plain `npx jest`. */
const underNpmTest = process.env.GOVCLOUD_TEST_DIST_BUILT === '1';
if (!underNpmTest) console.warn('SKIPPED: not run by npm test (test/run-tests.js), which alone starts jest with its V8 flags; the flags are not shown to reach the workers.');

describe('the V8 flags npm test gives jest', () => {
  (underNpmTest ? it : it.skip)("reach jest's workers, where the tests run", () => {
    expect(WORKER_V8_FLAGS).toEqual(['--interrupt-budget=2162688']);
    expect(process.execArgv).toEqual(expect.arrayContaining(WORKER_V8_FLAGS));
  });

  it('do not reach the processes the tests start: the CLI and the other Node children run as users run them', () => {
    const script = 'JSON.stringify(process.execArgv)';
    const child = spawnSync(process.execPath, ['-p', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual(['-p', script]);
  });

  it('are taken by this Node: a Node that refused one would exit before running anything', () => {
    const child = spawnSync(process.execPath, [...WORKER_V8_FLAGS, '-p', '6 * 7'], { encoding: 'utf8' });
    expect({ status: child.status, stdout: child.stdout.trim(), stderr: child.stderr }).toEqual({ status: 0, stdout: '42', stderr: '' });
  });
});
