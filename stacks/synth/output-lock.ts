import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UsageError } from '../../loader/usage-error';

/** The lock file inside an output folder, held while one command writes it. */
export const LOCK_FILE = '.govcloud.lock';

/**
 * How long a second synth into the same output waits for the first before it gives up (exit 2).
 * `GOVCLOUD_LOCK_WAIT_SECONDS` overrides it (0: do not wait).
 */
export const DEFAULT_LOCK_WAIT_SECONDS = 10;

/** Who holds a lock: written into the lock file so the next one can tell a live holder from a dead one. */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
}

/**
 * Takes the lock of output folder `dir` (which exists) for `command`, waiting up to
 * {@link DEFAULT_LOCK_WAIT_SECONDS} for another govcloud to finish. A lock left by a process that no longer runs
 * on this machine (killed, crashed) is taken over. Returns the function that releases it. Throws
 * {@link UsageError} (exit 2) when the folder stays locked.
 */
export function lockOutputFolder(dir: string, command: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), command, since: new Date().toISOString() };
  const deadline = Date.now() + waitSeconds() * 1000;
  for (;;) {
    try {
      fs.writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      return () => release(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readHolder(file);
    if (holder && holder.host === me.host && !isRunning(holder.pid)) {
      // Its process is gone: nobody will release it. Removing it races only with another taker, and `wx` decides.
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder ? `govcloud ${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : 'another govcloud';
      throw new UsageError([
        {
          file: dir,
          field: '--out',
          message: `is being written by ${who}; two commands never write one output folder at once`,
          fix: `wait for it to finish, or use another --out; if no such process runs, remove ${file}`,
        },
      ]);
    }
    sleep(100);
  }
}

function waitSeconds(): number {
  const text = process.env.GOVCLOUD_LOCK_WAIT_SECONDS;
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_LOCK_WAIT_SECONDS;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? (h as LockHolder) : undefined;
  } catch {
    // Being written this instant, or not ours: treated as held until the wait runs out.
    return undefined;
  }
}

/** True while a process with this id runs (signal 0 checks without sending anything). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function release(file: string): void {
  const holder = readHolder(file);
  if (holder?.pid === process.pid) fs.rmSync(file, { force: true });
}

/** Synth is synchronous, so it waits synchronously. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
