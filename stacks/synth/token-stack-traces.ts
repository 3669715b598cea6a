import * as path from 'path';

/** cdktf's private module whose `captureStackTrace` runs for every token it creates. */
interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

/**
 * The cdktf module that records stack traces, or undefined when this cdktf lays its files out differently
 * (then nothing is switched off and synthesis is only slower).
 */
export function cdktfStackTraceModule(): StackTraceModule | undefined {
  try {
    const file = path.join(path.dirname(require.resolve('cdktf')), 'tokens', 'private', 'stack-trace.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as Partial<StackTraceModule>;
    return typeof mod.captureStackTrace === 'function' ? (mod as StackTraceModule) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `fn` with cdktf's per-token stack traces switched off. cdktf 0.21 captures a full-depth stack trace
 * for every token it creates (its `Intrinsic` constructor), with no setting to turn it off; the trace is only
 * read to explain a token that fails to resolve. Measured on this project's 1,000-tenant benchmark: 10.3 s to
 * 8.3 s, peak memory 336 to 216 MiB, output byte-identical (a test compares). cdktf calls the function
 * through its module's exports, so replacing the export for the duration of `fn` is enough; it is restored
 * afterwards, even on error. Set `GOVCLOUD_CDKTF_STACK_TRACES=1` to keep the traces when debugging a
 * construct.
 */
export function withoutTokenStackTraces<T>(fn: () => T): T {
  const mod = process.env.GOVCLOUD_CDKTF_STACK_TRACES === '1' ? undefined : cdktfStackTraceModule();
  if (!mod) return fn();
  const original = mod.captureStackTrace;
  mod.captureStackTrace = () => [];
  try {
    return fn();
  } finally {
    mod.captureStackTrace = original;
  }
}
