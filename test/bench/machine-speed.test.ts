import { loopMs } from '../../bench/machine-speed';

describe("the benchmark's speed loop", () => {
  it('gives the milliseconds a child process took for the loop', () => {
    // A child's start-up alone is tens of milliseconds; the loop itself takes hundreds on any machine that runs the suite.
    const ms = loopMs(1);
    expect(ms).toBeGreaterThan(50);
    expect(ms).toBeLessThan(60_000);
  });
});
