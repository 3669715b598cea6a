import { freshPageMicros, loopMs } from '../../bench/machine-speed';

describe("the benchmark's speed probes", () => {
  it('gives the milliseconds a child process took for the loop', () => {
    // A child's start-up alone is tens of milliseconds; the loop itself takes hundreds on any machine that runs the suite.
    const ms = loopMs(1);
    expect(ms).toBeGreaterThan(50);
    expect(ms).toBeLessThan(60_000);
  });

  it('gives the microseconds a child process took per page of fresh memory it touched', () => {
    // Mapping a page takes some time, and far less than a second (14 to 18 µs on this virtual machine).
    const us = freshPageMicros(1);
    expect(us).toBeGreaterThan(0.01);
    expect(us).toBeLessThan(1_000_000);
  });
});
