/**
 * A synth worker thread: takes jobs from the counter it shares with the other threads and builds each chunk of
 * tenants into its folder, posting each result, then says it is done (see `runSynthJobs`). Compiled to
 * `dist/stacks/synth/synth-worker.js`; never imported.
 */
// First: before anything loads cdktf (see the module).
import './defer-cdktf-dependencies';
import { parentPort, workerData } from 'worker_threads';
import { loadConfig } from '../../loader/load-config';
import { buildStacks } from './build-stacks';
import { selectTenants } from './select-tenants';
import { TenantsRefused } from './tenants-refused';
import { stopTakingJobs, takeJob, type SynthJobAnswer, type SynthWorkerSetup } from './synth-workers';

const setup = workerData as SynthWorkerSetup;
const post = (answer: SynthJobAnswer) => parentPort!.postMessage(answer);

for (let index = takeJob(setup.next); index < setup.jobs.length; index = takeJob(setup.next)) {
  const job = setup.jobs[index];
  try {
    // Only this chunk's tenant files: parsing all of them in every worker would cost more than the chunk.
    const config = loadConfig(setup.configDir, { tenantFiles: job.files });
    post({ index, built: buildStacks(config, selectTenants(config, job.tenants), job.dir, { outDir: setup.outDir, today: setup.today }) });
  } catch (e) {
    stopTakingJobs(setup.next, setup.jobs.length);
    post(e instanceof TenantsRefused ? { index, refused: e.findings } : { index, error: { message: (e as Error).message ?? String(e), stack: (e as Error).stack } });
  }
}
post({ done: true });
