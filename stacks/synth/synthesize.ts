import * as os from 'os';
import * as path from 'path';
import type { GovCloudConfig, LoadedTenant } from '../../loader/load-config';
import { holdOutput } from './hold-output';
import { CHUNK_TENANTS, chunksOf, mergeParts } from './merge-parts';
import { finishSynth, prepareSynth } from './synth-plan';
import { recoveryStackName } from '../../policy/tenant-rules/avl';
import type { SynthJob } from './synth-workers';
import type { BuildOptions, BuiltStacks, ParallelSynthOptions, SynthOptions, SynthResult } from './synth-types';

/**
 * What builds the stacks: cdktf, the provider bindings and the constructs, loaded only when a synth has a stack
 * to build, so a synth that finds every tenant unchanged since the last one loads none of them.
 */
function builders(): { buildStacks: typeof import('./build-stacks').buildStacks; addSiteStacks: typeof import('./build-sites').addSiteStacks } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildStacks } = require('./build-stacks') as typeof import('./build-stacks');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { addSiteStacks } = require('./build-sites') as typeof import('./build-sites');
  return { buildStacks, addSiteStacks };
}

/** Below this many tenants per worker, starting workers costs more than it saves. */
export const MIN_TENANTS_PER_WORKER = 100;

/** Builds the chunks one after the other in this thread, into part folders of `tmp`. */
function buildSerially(config: GovCloudConfig, selected: readonly LoadedTenant[], tmp: string, options: BuildOptions & Pick<SynthOptions, 'tenants' | 'onProgress' | 'chunkTenants'>): BuiltStacks {
  const { buildStacks, addSiteStacks } = builders();
  const chunks = chunksOf(selected, 1, chunkSize(options));
  if (chunks.length <= 1) return addSiteStacks(config, tmp, buildStacks(config, selected, tmp, options), options);
  let built = 0;
  const parts = chunks.map((chunk, i) => {
    const dir = path.join(tmp, `.part-${i}`);
    const part = { dir, built: buildStacks(config, chunk, dir, options) };
    options.onProgress?.((built += chunk.length), selected.length);
    return part;
  });
  return addSiteStacks(config, tmp, mergeParts(tmp, parts, selected), options);
}

/**
 * Evaluates every selected tenant first, then synthesizes them all into a scratch folder inside `outDir`, and
 * publishes them only when everything succeeded: a refusal or a failure leaves `outDir` as it was. Only
 * govcloud's own files in `outDir` are ever replaced or deleted (see {@link publishOutput}). Tenants are built in
 * chunks of at most `chunkTenants` ({@link CHUNK_TENANTS}), each its own cdktf App, so memory stays bounded;
 * {@link synthesizeTenantsInParallel} spreads the chunks over worker threads.
 */
export function synthesizeTenants(config: GovCloudConfig, given: SynthOptions): SynthResult {
  const options = withOwners(config, given);
  const held = holdOutput(config, options);
  let succeeded = false;
  try {
    const plan = prepareSynth(config, options, held.dir, held.strays);
    const result = plan.done ?? finishSynth(plan, held.scratch, buildSerially(config, plan.selected, held.scratch, options), config, options);
    succeeded = true;
    return result;
  } finally {
    held.release(succeeded);
  }
}

/**
 * {@link synthesizeTenants} with the chunks spread over worker threads. The output, the results and the
 * report are the same as a serial synth's (a test compares them byte for byte). `config` must be the one
 * `loadConfig(config.dir)` gives: each worker loads it again from there.
 */
export async function synthesizeTenantsInParallel(config: GovCloudConfig, given: ParallelSynthOptions): Promise<SynthResult> {
  const options = withOwners(config, given);
  const held = holdOutput(config, options);
  let succeeded = false;
  try {
    const plan = prepareSynth(config, options, held.dir, held.strays);
    if (plan.done) {
      succeeded = true;
      return plan.done;
    }
    const jobs = Math.max(1, options.jobs ?? availableParallelism());
    const perWorker = Math.max(1, options.minTenantsPerWorker ?? MIN_TENANTS_PER_WORKER);
    const workers = options.customize ? 1 : Math.min(jobs, Math.floor(plan.selected.length / perWorker));
    const built =
      workers <= 1
        ? buildSerially(config, plan.selected, held.scratch, options)
        : builders().addSiteStacks(config, held.scratch, await buildInWorkers(config, plan.selected, held.scratch, { outDir: options.outDir, today: options.today }, workers, chunkSize(options), options.onProgress), options);
    const result = finishSynth(plan, held.scratch, built, config, options);
    succeeded = true;
    return result;
  } finally {
    held.release(succeeded);
  }
}

/** The most tenants of one chunk: `chunkTenants`, by default {@link CHUNK_TENANTS}. */
function chunkSize(options: Pick<SynthOptions, 'chunkTenants'>): number {
  return Math.max(1, Math.floor(options.chunkTenants ?? CHUNK_TENANTS));
}

function availableParallelism(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Builds the chunks on `threads` threads: this one and `threads - 1` worker threads. */
async function buildInWorkers(config: GovCloudConfig, selected: readonly LoadedTenant[], tmp: string, options: BuildOptions, threads: number, most: number, onProgress?: SynthOptions['onProgress']): Promise<BuiltStacks> {
  const { runSynthJobs } = await import('./synth-workers');
  // Several chunks per thread, so a thread that finishes early takes another and all end together; each thread's
  // chunks are a share of the serial chunk size, so the threads together hold what one serial chunk holds (at 10,000
  // tenants on two threads, chunks of 200 peaked at 663 MiB, of 100 at 568 MiB, for 6% more CPU).
  const chunks = chunksOf(selected, threads * 4, Math.ceil(most / threads));
  const byName = new Map(selected.map((t) => [t.spec.name, t]));
  const jobs = chunks.map((chunk, i) => ({
    tenants: chunk.map((t) => t.spec.name),
    files: chunk.map((t) => path.basename(t.file)),
    dir: path.join(tmp, `.part-${i}`),
  }));
  const setup = { configDir: config.dir, outDir: options.outDir, today: options.today };
  const { buildStacks } = builders();
  const buildHere = (job: SynthJob) => buildStacks(config, job.tenants.map((n) => byName.get(n)!), job.dir, options);
  let built = 0;
  const results = await runSynthJobs(setup, jobs, threads - 1, buildHere, (job) => onProgress?.((built += job.tenants.length), selected.length));
  return mergeParts(tmp, jobs.map((j, i) => ({ dir: j.dir, built: results[i] })), selected);
}

/**
 * `options` with every recovery stack named in `tenants` (`dsp-ng-recovery`) replaced by its tenant, with which it is
 * synthesized and judged: `synth --tenant dsp-ng-recovery` and `plan dsp-ng-recovery` build both stacks.
 */
function withOwners<T extends SynthOptions>(config: GovCloudConfig, options: T): T {
  if (!options.tenants) return options;
  const owners = new Map(config.tenants.filter((t) => t.spec.recovery).map((t) => [recoveryStackName(t.spec.name), t.spec.name]));
  return { ...options, tenants: [...new Set(options.tenants.map((n) => owners.get(n) ?? n))] };
}
