import * as v8 from 'v8';
import * as vm from 'vm';

/**
 * How far the heap may grow past what the last collection left before a chunk boundary collects it: about what
 * one chunk of `CHUNK_TENANTS` tenants allocates.
 */
export const HEAP_SLACK_BYTES = 96 * 1024 * 1024;

let collect: (() => void) | null | undefined;
let base: number | undefined;

/**
 * Called at the end of `buildStacks`, so by each thread after it built a chunk. V8 lets a heap that allocates
 * fast grow to about twice what it holds before it collects: at 10,000 tenants on two threads the main thread's
 * heap swung between 70 and 350 MiB and the process peaked at 592 to 662 MiB. When the heap has grown by
 * {@link HEAP_SLACK_BYTES} since the last collection, this one collects it (a full collection of that heap takes
 * about 60 ms; three were needed at 10,000 tenants): the peak fell to 431 MiB on two threads and from 588 to
 * 384 MiB serially, the output the same.
 * Where the collector cannot be reached it does nothing: memory is then what V8 makes it, the output the same.
 * Reaching it sets V8's `--expose-gc` for the process (see {@link heapCollector}).
 */
export function collectAfterChunk(): void {
  const used = v8.getHeapStatistics().used_heap_size;
  if (base === undefined || used < base) {
    base = used;
    return;
  }
  if (used - base < HEAP_SLACK_BYTES) return;
  collect ??= heapCollector();
  if (!collect) return;
  collect();
  base = v8.getHeapStatistics().used_heap_size;
}

/** The collector: `global.gc` where node runs with `--expose-gc`, otherwise exposed for this process. */
export function heapCollector(): (() => void) | null {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  try {
    // The documented way to reach it at run time: the flag makes V8 define `gc` in contexts created after it.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
