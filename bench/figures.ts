import type { ChildMeasurement } from './measure-child';

/** Medians of the runs of one program at one size. */
export interface Figures {
  readonly ms: number;
  /** Median CPU time of the child, all threads (NaN when not measured). */
  readonly cpuMs: number;
  readonly peakMiB: number;
  readonly samplesMs: readonly number[];
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The medians of `runs`: wall time, CPU time and peak memory, with every run's wall time. */
export function figures(runs: readonly ChildMeasurement[]): Figures {
  return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs ?? NaN)), peakMiB: median(runs.map((r) => r.peakMiB ?? NaN)), samplesMs: runs.map((r) => r.ms) };
}

