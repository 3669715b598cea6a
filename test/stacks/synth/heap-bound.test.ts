import * as v8 from 'v8';

// The module object itself, whose properties a spy may replace (an `import * as` namespace cannot be redefined).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const v8Module = require('v8') as typeof v8;

/** `collectAfterChunk` (issue 15: flat memory): a full collection at a chunk boundary once the heap has grown enough. */
type HeapBound = typeof import('../../../stacks/synth/heap-bound');
const MiB = 1024 * 1024;

/** A fresh copy of the module (its baseline and collector are per process), with the heap size `used()` reports. */
function withHeap(used: () => number, run: (m: HeapBound) => void): void {
  const spy = jest.spyOn(v8Module, 'getHeapStatistics').mockImplementation(() => ({ used_heap_size: used() }) as v8.HeapInfo);
  try {
    jest.isolateModules(() => run(require('../../../stacks/synth/heap-bound') as HeapBound));
  } finally {
    spy.mockRestore();
  }
}

describe('collectAfterChunk', () => {
  const saved = globalThis.gc;
  afterEach(() => {
    globalThis.gc = saved;
  });

  it('collects only once the heap has grown by HEAP_SLACK_BYTES since the last collection, then measures from there', () => {
    const gc = jest.fn();
    globalThis.gc = gc as unknown as typeof globalThis.gc;
    let used = 100 * MiB;
    withHeap(() => used, ({ collectAfterChunk, HEAP_SLACK_BYTES }) => {
      collectAfterChunk(); // the first chunk sets the baseline
      used += HEAP_SLACK_BYTES - 1;
      collectAfterChunk();
      expect(gc).not.toHaveBeenCalled();
      used += 2;
      collectAfterChunk();
      expect(gc).toHaveBeenCalledTimes(1);
      // The collection left the heap where it was (a mock): the next one needs the slack again from there.
      used += HEAP_SLACK_BYTES / 2;
      collectAfterChunk();
      expect(gc).toHaveBeenCalledTimes(1);
      used += HEAP_SLACK_BYTES;
      collectAfterChunk();
      expect(gc).toHaveBeenCalledTimes(2);
    });
  });

  it('never collects while the heap shrinks or stays level', () => {
    const gc = jest.fn();
    globalThis.gc = gc as unknown as typeof globalThis.gc;
    let used = 300 * MiB;
    withHeap(() => used, ({ collectAfterChunk }) => {
      for (let i = 0; i < 20; i++) {
        collectAfterChunk();
        used -= 5 * MiB;
      }
      expect(gc).not.toHaveBeenCalled();
    });
  });

  it('reaches the collector of a process started without --expose-gc, and it collects', () => {
    globalThis.gc = undefined;
    jest.isolateModules(() => {
      const { heapCollector } = require('../../../stacks/synth/heap-bound') as HeapBound;
      const gc = heapCollector();
      expect(typeof gc).toBe('function');
      // Garbage that survives into the old generation, then dropped: a full collection frees it.
      let garbage: number[][] | undefined = Array.from({ length: 200 }, () => new Array(50_000).fill(1));
      const before = v8.getHeapStatistics().used_heap_size;
      garbage = undefined;
      gc!();
      expect(garbage).toBeUndefined();
      expect(v8.getHeapStatistics().used_heap_size).toBeLessThan(before - 40 * MiB);
    });
  });
});
