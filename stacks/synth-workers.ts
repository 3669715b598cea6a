import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Finding } from '../policy/finding';
import type { BuiltStacks } from './govcloud-app';
import { TenantsRefused } from './tenants-refused';

/** What every synth worker is started with. */
export interface SynthWorkerSetup {
  /** Config folder; workers load from it (a loaded config holds functions, which threads cannot share). */
  readonly configDir: string;
  /** The output folder the stacks will be published to (named in results and reports). */
  readonly outDir: string;
  /** Today's date for suppression expiry; undefined for the current UTC date. */
  readonly today?: string;
}

/** One chunk of work: these tenants, built into `dir`. */
export interface SynthJob {
  readonly tenants: readonly string[];
  /** Their files' names in `tenants/`, the only ones the worker loads. */
  readonly files: readonly string[];
  readonly dir: string;
}

/** A worker's answer to one job. */
export type SynthJobAnswer =
  | { readonly index: number; readonly built: BuiltStacks }
  | { readonly index: number; readonly refused: readonly Finding[] }
  | { readonly index: number; readonly error: { readonly message: string; readonly stack?: string } };

/**
 * The compiled worker script. Beside this file in `dist/`; under ts-jest (which runs the TypeScript sources)
 * the build's copy, which `npm test` compiles first.
 */
export function workerScript(): string {
  const candidates = [path.join(__dirname, 'synth-worker.js'), path.resolve(__dirname, '../dist/stacks/synth-worker.js')];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new Error(`parallel synth: no compiled worker at ${candidates.join(' or ')}; run npm run build, or synthesize with --jobs 1`);
  return found;
}

/**
 * Runs `jobs` on `workers` threads, each taking the next job when it has answered one, and returns the answers
 * in job order. The first refusal or failure stops every worker and is thrown: a {@link TenantsRefused} with
 * the findings of every refused chunk answered so far, or an error carrying the worker's message.
 */
export function runSynthWorkers(setup: SynthWorkerSetup, jobs: readonly SynthJob[], workers: number): Promise<BuiltStacks[]> {
  const script = workerScript();
  const results: BuiltStacks[] = new Array(jobs.length);
  let next = 0;
  let answered = 0;
  return new Promise((resolve, reject) => {
    const pool: Worker[] = [];
    const stopped = new Set<Worker>();
    const stop = (w: Worker) => {
      stopped.add(w);
      void w.terminate();
    };
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      pool.forEach(stop);
      reject(e);
    };
    const give = (w: Worker) => {
      if (next >= jobs.length) return stop(w);
      const index = next++;
      w.postMessage({ index, ...jobs[index] });
    };
    for (let i = 0; i < Math.min(workers, jobs.length); i++) {
      const w = new Worker(script, { workerData: setup });
      pool.push(w);
      w.on('message', (answer: SynthJobAnswer) => {
        if ('refused' in answer) return fail(new TenantsRefused(answer.refused));
        if ('error' in answer) return fail(Object.assign(new Error(`synth worker: ${answer.error.message}`), { stack: answer.error.stack }));
        results[answer.index] = answer.built;
        if (++answered === jobs.length) {
          pool.forEach(stop);
          resolve(results);
        } else give(w);
      });
      w.on('error', (e) => fail(e));
      w.on('exit', (code) => {
        if (!stopped.has(w) && answered < jobs.length) fail(new Error(`synth worker exited with code ${code} before its work was done`));
      });
      give(w);
    }
  });
}
