/**
 * A synth worker thread: builds each chunk of tenants it is given into its folder
 * (see `runSynthWorkers`). Compiled to `dist/stacks/synth-worker.js`; never imported.
 */
import { parentPort, workerData } from 'worker_threads';
import { loadConfig } from './config/load-config';
import { buildStacks, selectTenants } from './govcloud-app';
import { TenantsRefused } from './tenants-refused';
import type { SynthJob, SynthJobAnswer, SynthWorkerSetup } from './synth-workers';

const setup = workerData as SynthWorkerSetup;

parentPort!.on('message', (job: SynthJob & { index: number }) => {
  let answer: SynthJobAnswer;
  try {
    // Only this chunk's tenant files: parsing all of them in every worker would cost more than the chunk.
    const config = loadConfig(setup.configDir, { tenantFiles: job.files });
    const built = buildStacks(config, selectTenants(config, job.tenants), job.dir, { outDir: setup.outDir, today: setup.today });
    answer = { index: job.index, built };
  } catch (e) {
    answer =
      e instanceof TenantsRefused
        ? { index: job.index, refused: e.findings }
        : { index: job.index, error: { message: (e as Error).message ?? String(e), stack: (e as Error).stack } };
  }
  parentPort!.postMessage(answer);
});
