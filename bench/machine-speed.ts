import { spawnSync } from 'child_process';
import { median } from './figures';

/** The loop each child runs: 3×10⁸ additions, timed inside the child, so Node's start-up is not in it. */
const LOOP = 'const t = process.hrtime.bigint(); let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; console.log(Number(process.hrtime.bigint() - t) / 1e6, x > 0);';

/**
 * How fast this machine runs plain JavaScript now: the median, in milliseconds, of `runs` Node processes each
 * adding 3×10⁸ numbers. On a shared or virtual machine the same code runs a third slower in some minutes than in
 * others (0.54 s at the start of one benchmark run here, 0.41 s at its end); printed at the start and the end of a
 * run, it says whether two sets of figures were taken on a machine of the same speed. Throws when a child fails.
 */
export function loopMs(runs = 3): number {
  return medianOfChildren(LOOP, runs, 'the speed loop');
}

/** Fresh memory each child touches, one byte per 4 KB page: 64 MiB, timed inside the child. */
const TOUCH =
  'const n = 64 * 1024 * 1024; const t = process.hrtime.bigint(); const b = Buffer.allocUnsafeSlow(n); for (let i = 0; i < n; i += 4096) b[i] = 1; console.log(Number(process.hrtime.bigint() - t) / 1e3 / (n / 4096), b[0] === 1);';

/**
 * What a page of fresh memory costs now, in microseconds: the median of `runs` Node processes each touching
 * 16,384 pages of 4 KB for the first time (the kernel maps each page on its first touch, a page fault). On this
 * virtual machine a page cost 14 to 18 µs in one hour, whatever {@link loopMs} gave, and a one-tenant synth
 * touches about 12,300 (`/usr/bin/time`'s minor faults): about a third of its 0.5 s. Throws when a child fails.
 */
export function freshPageMicros(runs = 3): number {
  return medianOfChildren(TOUCH, runs, 'the fresh-memory probe');
}

/** The median of the first number each of `runs` Node processes running `script` prints; throws when one fails. */
function medianOfChildren(script: string, runs: number, what: string): number {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const figure = Number(child.stdout.split(' ')[0]);
    if (child.status !== 0 || !(figure > 0)) throw new Error(`${what} failed (exit ${child.status}): ${child.stderr}`);
    values.push(figure);
  }
  return median(values);
}
