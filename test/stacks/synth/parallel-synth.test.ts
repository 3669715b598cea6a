import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { snapshotFiles } from '../../file-snapshot';
import { generateTenantConfig } from '../../../bench/generate-tenants';
import { loadConfig } from '../../../loader/load-config';
import { buildStacks, chunksOf, synthesizeTenants, synthesizeTenantsInParallel } from '../../../stacks/synth';
import * as synthWorkers from '../../../stacks/synth/synth-workers';
import { runSynthJobs, workerScript } from '../../../stacks/synth/synth-workers';
import { addSiteStacks } from '../../../stacks/synth/build-sites';
import type { SynthResult } from '../../../stacks/synth/synth-types';

// The workers run the compiled worker script (dist/stacks/synth/synth-worker.js), which `npm test` builds first.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// Chunks and workers sized down from their defaults (200 tenants a chunk, 100 a worker), which the benchmark runs
// at scale: the same code splits, spreads and merges, over a tenth of the tenants.
const CHUNK = 10;
const PER_WORKER = 10;
// More tenants than one chunk holds, and enough for two workers.
const generated = generateTenantConfig(path.join(root, 'config'), 2 * CHUNK + 5, 'config');

/** The stacks of a config's tenants, each tenant's recovery stack right after its own. */
const stackNames = (config: ReturnType<typeof loadConfig>) => config.tenants.flatMap((t) => [t.spec.name, ...(t.spec.recovery ? [`${t.spec.name}-recovery`] : [])]);

let serialSynth: SynthResult | undefined;
/** The serial synth of the generated config (in chunks: it has more than one chunk's tenants), made once. */
const serialOf = (config: ReturnType<typeof loadConfig>): SynthResult => (serialSynth ??= synthesizeTenants(config, { outDir: path.join(root, 'serial'), chunkTenants: CHUNK }));

describe('parallel synth', () => {
  it('writes byte-identical output, results and report to a serial synth, on two worker threads', async () => {
    const config = loadConfig(generated.dir);
    const serial = serialOf(config);
    const spread = jest.spyOn(synthWorkers, 'runSynthJobs');
    const parallel = await synthesizeTenantsInParallel(config, { outDir: path.join(root, 'parallel'), jobs: 2, chunkTenants: CHUNK, minTenantsPerWorker: PER_WORKER });
    // This thread and one worker thread, over several chunks each.
    expect(spread).toHaveBeenCalledTimes(1);
    expect(spread.mock.calls[0][1].length).toBeGreaterThan(2);
    expect(spread.mock.calls[0][2]).toBe(1);
    spread.mockRestore();
    expect(parallel.tenants.map((t) => t.name)).toEqual(stackNames(config));
    expect(snapshotFiles(path.join(root, 'parallel'))).toEqual(snapshotFiles(path.join(root, 'serial')));
    expect(parallel.tenants).toEqual(serial.tenants.map((t) => ({ ...t, file: t.file.replace(`${path.sep}serial${path.sep}`, `${path.sep}parallel${path.sep}`) })));
    const names = (r: typeof serial) => r.report.stacks.map((s) => s.stack);
    expect(names(parallel)).toEqual(names(serial));
    expect(parallel.report.stacks.map((s) => s.findings.length)).toEqual(serial.report.stacks.map((s) => s.findings.length));
    expect(parallel.report.unexamined).toEqual(serial.report.unexamined);
    expect(parallel.warnings.length).toBe(serial.warnings.length);
  });

  it('splits a large synth into Apps of at most chunkTenants tenants, with the output of a single App', () => {
    const config = loadConfig(generated.dir);
    expect(chunksOf(config.tenants, 1, CHUNK).map((c) => c.length)).toEqual([9, 9, 7]);
    const dir = path.join(root, 'one-app');
    fs.mkdirSync(dir);
    addSiteStacks(config, dir, buildStacks(config, config.tenants, dir, { outDir: dir }), { outDir: dir });
    serialOf(config);
    const chunked = snapshotFiles(path.join(root, 'serial'));
    delete chunked['.govcloud-inputs.json'];
    expect(chunked).toEqual(snapshotFiles(dir));
  });

  it('synthesizes in the main thread when there are too few tenants for a worker', async () => {
    const config = loadConfig('config');
    const result = await synthesizeTenantsInParallel(config, { outDir: path.join(root, 'small'), jobs: 8 });
    expect(result.tenants.map((t) => t.name)).toEqual(stackNames(config));
    expect(snapshotFiles(path.join(root, 'small'))).toEqual((() => {
      synthesizeTenants(config, { outDir: path.join(root, 'small-serial') });
      return snapshotFiles(path.join(root, 'small-serial'));
    })());
  });

  it('reports a failing worker with its message and leaves the output folder as it was', async () => {
    const jobs = ['first', 'no-such-tenant'].map((name) => ({ tenants: [name], files: [`${name}.yaml`], dir: path.join(root, `never-${name}`) }));
    // The job counter the threads share, taken from the worker's data as it starts (the real Worker is made).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const threads = require('worker_threads') as typeof import('worker_threads');
    const RealWorker = threads.Worker;
    let counter: Int32Array | undefined;
    const constructors = threads as unknown as { Worker: (script: string, options: { workerData: { next: SharedArrayBuffer } }) => unknown };
    const started = jest.spyOn(constructors, 'Worker').mockImplementation((script, options) => {
      counter = new Int32Array(options.workerData.next);
      return new RealWorker(script, options);
    });
    // This thread holds on to the first job until the worker has taken the second, which fails (the counter then
    // passes the last job); a minute at most.
    const buildHere = () => {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline && Atomics.load(counter!, 0) < 2; ) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      return { tenants: [], report: { tool: { name: 'govcloud', version: '0', catalogueVersion: '0' }, stacks: [], rules: [], suppressions: [], unexamined: [] } };
    };
    try {
      await expect(runSynthJobs({ configDir: 'config', outDir: path.join(root, 'never') }, jobs, 1, buildHere)).rejects.toThrow(
        /synth worker: invalid config .*no-such-tenant\.yaml: not read: no such file/s,
      );
      expect(started).toHaveBeenCalledTimes(1);
    } finally {
      started.mockRestore();
    }
    expect(fs.existsSync(path.join(root, 'never'))).toBe(false);
  });

  it('stops every thread at the first failure of this thread and throws it', async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => ({ tenants: [`t${i}`], files: [], dir: path.join(root, `stop-${i}`) }));
    let built = 0;
    const buildHere = () => {
      built++;
      throw new Error('disk full');
    };
    await expect(runSynthJobs({ configDir: 'config', outDir: path.join(root, 'stop') }, jobs, 1, buildHere)).rejects.toThrow('disk full');
    expect(built).toBe(1);
  });

  it('finds the compiled worker script', () => {
    expect(fs.existsSync(workerScript())).toBe(true);
  });
});
