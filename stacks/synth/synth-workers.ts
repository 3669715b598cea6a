import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Finding } from '../../policy/finding';
import type { BuiltStacks } from './synth-types';
import { TenantsRefused } from './tenants-refused';

/** One chunk of work: these tenants, built into `dir`. */
export interface SynthJob {
  readonly tenants: readonly string[];
  /** Their files' names in `tenants/`, the only ones a worker loads. */
  readonly files: readonly string[];
  readonly dir: string;
}

/** What every synth worker is started with. */
export interface SynthWorkerSetup {
  /** Config folder; workers load from it (a loaded config holds functions, which threads cannot share). */
  readonly configDir: string;
  /** The output folder the stacks will be published to (named in results and reports). */
  readonly outDir: string;
  /** Today's date for suppression expiry; undefined for the current UTC date. */
  readonly today?: string;
  /** Every job of the synth. */
  readonly jobs: readonly SynthJob[];
  /** One Int32: the index of the next job nobody has taken, shared by every thread. */
  readonly next: SharedArrayBuffer;
}

/** A worker's message: one job's result, or that it has taken its last job. */
export type SynthJobAnswer =
  | { readonly index: number; readonly built: BuiltStacks }
  | { readonly index: number; readonly refused: readonly Finding[] }
  | { readonly index: number; readonly error: { readonly message: string; readonly stack?: string } }
  | { readonly done: true };

/** Takes the next job from the shared counter; an index past the last job means there is none left. */
export function takeJob(next: SharedArrayBuffer): number {
  return Atomics.add(new Int32Array(next), 0, 1);
}

/** Makes every thread stop taking jobs (after a failure). */
export function stopTakingJobs(next: SharedArrayBuffer, jobs: number): void {
  Atomics.store(new Int32Array(next), 0, jobs);
}

/**
 * The compiled worker script. Beside this file in `dist/`; run from the TypeScript sources (ts-node)
 * the build's copy, which `npm run build` compiles.
 */
export function workerScript(): string {
  const candidates = [path.join(__dirname, 'synth-worker.js'), path.resolve(__dirname, '../../dist/stacks/synth/synth-worker.js')];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error(`parallel synth: no compiled worker at ${candidates.join(' or ')}; run npm run build, or synthesize with --jobs 1`);
  return found;
}

/**
 * Runs `jobs` on `helpers` worker threads and on this thread together: every thread takes the next job from a
 * shared counter until none is left, so the threads end together whatever each job costs. This thread builds
 * with `buildHere` (its modules are loaded already, so it starts at once; the workers load theirs meanwhile).
 * Returns the results in job order; `onDone` is told of each job done, wherever it ran. The first refusal or failure stops every thread and is thrown: a
 * {@link TenantsRefused} with the findings, or an error carrying the worker's message.
 */
export async function runSynthJobs(
  setup: Omit<SynthWorkerSetup, 'jobs' | 'next'>,
  jobs: readonly SynthJob[],
  helpers: number,
  buildHere: (job: SynthJob) => BuiltStacks,
  onDone: (job: SynthJob) => void = () => undefined,
): Promise<BuiltStacks[]> {
  const script = workerScript();
  const next = new SharedArrayBuffer(4);
  const results: BuiltStacks[] = new Array(jobs.length);
  let failure: Error | undefined;
  const fail = (e: Error) => {
    failure ??= e;
    stopTakingJobs(next, jobs.length);
  };
  const workers = Array.from({ length: Math.min(helpers, jobs.length - 1) }, () => {
    const worker = new Worker(script, { workerData: { ...setup, jobs, next } satisfies SynthWorkerSetup });
    return new Promise<void>((resolve) => {
      let done = false;
      worker.on('message', (answer: SynthJobAnswer) => {
        if ('done' in answer) {
          done = true;
          void worker.terminate();
          return resolve();
        }
        if ('refused' in answer) fail(new TenantsRefused(answer.refused));
        else if ('error' in answer) fail(Object.assign(new Error(`synth worker: ${answer.error.message}`), { stack: answer.error.stack }));
        else {
          results[answer.index] = answer.built;
          onDone(jobs[answer.index]);
        }
      });
      worker.on('error', (e) => {
        fail(e);
        resolve();
      });
      worker.on('exit', (code) => {
        if (!done) fail(new Error(`synth worker exited with code ${code} before its work was done`));
        resolve();
      });
    });
  });
  for (let i = takeJob(next); i < jobs.length; i = takeJob(next)) {
    try {
      results[i] = buildHere(jobs[i]);
      onDone(jobs[i]);
    } catch (e) {
      fail(e as Error);
    }
  }
  await Promise.all(workers);
  if (failure) throw failure;
  return results;
}
