import { PROGRESS_MIN_ITEMS, progressAllowed, startProgress, type ProgressOptions } from '../../cli/progress';

/** The progress line of long runs (issue 14): only on a terminal, never in CI or a pipe, erased at the end. */
function recorded(options: Omit<ProgressOptions, 'stream'>): { written: string[]; options: ProgressOptions } {
  const written: string[] = [];
  let t = 0;
  return { written, options: { now: () => (t += 1000), ...options, stream: { write: (s: string) => written.push(s) } } };
}

describe('the progress line', () => {
  it('redraws one line in place on a terminal, with done, total and percentage, and erases it at the end', () => {
    const { written, options } = recorded({ terminal: true, env: {} });
    const p = startProgress('govcloud synth', 'tenants', options);
    p.update(200, 400);
    p.update(400, 400);
    p.end();
    expect(written).toEqual(['\r\x1b[Kgovcloud synth: 200/400 tenants (50%)', '\r\x1b[Kgovcloud synth: 400/400 tenants (100%)', '\r\x1b[K']);
  });

  it('redraws at most ten times a second, but always draws the last step', () => {
    const { written, options } = recorded({ terminal: true, env: {}, now: () => 5 });
    const p = startProgress('govcloud check', 'stacks', options);
    for (let i = 0; i <= 500; i++) p.update(i, 500);
    expect(written).toEqual(['\r\x1b[Kgovcloud check: 0/500 stacks (0%)', '\r\x1b[Kgovcloud check: 500/500 stacks (100%)']);
  });

  it.each([
    ['in CI', { terminal: true, env: { CI: 'true' } }],
    ['when standard output or error is not a terminal', { terminal: false, env: {} }],
  ])('draws nothing %s', (_when, where) => {
    const { written, options } = recorded(where);
    const p = startProgress('govcloud synth', 'tenants', options);
    p.update(1000, 1000);
    p.end();
    expect(written).toEqual([]);
    expect(progressAllowed(options)).toBe(false);
  });

  it(`draws nothing for a run of fewer than ${PROGRESS_MIN_ITEMS} items`, () => {
    const { written, options } = recorded({ terminal: true, env: {} });
    const p = startProgress('govcloud synth', 'tenants', options);
    p.update(PROGRESS_MIN_ITEMS - 1, PROGRESS_MIN_ITEMS - 1);
    p.end();
    expect(written).toEqual([]);
  });
});
