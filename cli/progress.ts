/**
 * A one-line progress indicator for long runs (`synth`, `check`, `diff` over hundreds of tenants): redrawn in place
 * on standard error, at most ten times a second, and erased when the run ends. It is only ever drawn on a
 * terminal: never when standard output or standard error is a pipe or a file, and never in CI (`CI` set), so
 * logs and captured output hold no carriage returns.
 */

/** Fewest items a run must have before it shows progress: below it, a run ends before anyone would look. */
export const PROGRESS_MIN_ITEMS = 300;

/** Least time between two redraws, in milliseconds. */
const REDRAW_MS = 100;

/** Where and whether to draw; the defaults are this process's. */
export interface ProgressOptions {
  /** @default process.stderr */
  readonly stream?: { write(text: string): unknown };
  /** Whether standard output and standard error are terminals. @default - process.stdout.isTTY and process.stderr.isTTY */
  readonly terminal?: boolean;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Milliseconds now, for tests. @default Date.now */
  readonly now?: () => number;
}

/** The indicator of one run: `update` as items are done (with the total, known once the run has planned), `end` when it stops. */
export interface Progress {
  update(done: number, total: number): void;
  end(): void;
}

/** Whether progress may be drawn at all here: both streams a terminal, and not in CI. */
export function progressAllowed(options: ProgressOptions = {}): boolean {
  const terminal = options.terminal ?? Boolean(process.stdout.isTTY && process.stderr.isTTY);
  const env = options.env ?? process.env;
  return terminal && !env.CI;
}

/**
 * The indicator `label: done/total noun (pct%)`, drawn only where {@link progressAllowed} and for runs of at least
 * {@link PROGRESS_MIN_ITEMS}; otherwise every call does nothing.
 */
export function startProgress(label: string, noun: string, options: ProgressOptions = {}): Progress {
  const allowed = progressAllowed(options);
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  let drawn = false;
  let last = -Infinity;
  return {
    update(done, total) {
      if (!allowed || total < PROGRESS_MIN_ITEMS) return;
      const t = now();
      if (done < total && t - last < REDRAW_MS) return;
      last = t;
      drawn = true;
      stream.write(`\r\x1b[K${label}: ${done}/${total} ${noun} (${Math.floor((100 * done) / total)}%)`);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
