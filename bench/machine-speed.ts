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
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['-e', LOOP], { encoding: 'utf8' });
    const ms = Number(child.stdout.split(' ')[0]);
    if (child.status !== 0 || !(ms > 0)) throw new Error(`the speed loop failed (exit ${child.status}): ${child.stderr}`);
    times.push(ms);
  }
  return median(times);
}
