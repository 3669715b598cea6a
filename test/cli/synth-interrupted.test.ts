import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { snapshotFiles } from '../file-snapshot';
import { CLI, ROOT, runGovcloud } from './run-govcloud';
import { ServedGovcloud } from './served-govcloud';
import { bundledYaml, configWith } from '../fixtures/config-files';

/**
 * Synths that are killed, or that meet another synth: the output folder is wholly old or wholly new, nothing
 * govcloud did not write is lost, and nothing is left behind for good.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-interrupted-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
function fresh(name: string): string {
  const dir = path.join(root, `${name}-${++n}`);
  fs.mkdirSync(dir);
  return dir;
}

/** Two configs: the bundled one (OLD) and one with an edited tenant (NEW), and what a clean synth writes for each. */
const base = fresh('configs');
const OLD_CONFIG = path.join(base, 'old');
const NEW_CONFIG = path.join(base, 'new');
configWith({}, OLD_CONFIG);
configWith(
  {
    tenants: {
      'dsp-ng.yaml': bundledYaml('tenants/dsp-ng.yaml').replace('memoryMb: 16384', 'memoryMb: 32768'),
      'mfin-internal.yaml': bundledYaml('tenants/mfin-internal.yaml').replace('memoryMb: 8192', 'memoryMb: 16384'),
    },
  },
  NEW_CONFIG,
);

/** govcloud's own files in an output folder, with their hashes: what "wholly old or wholly new" compares. */
function ownFiles(out: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(snapshotFiles(out)).filter(([f]) => f === 'manifest.json' || f === '.govcloud-inputs.json' || /^stacks\/[^/]+\/cdk\.tf\.json$/.test(f) || /^sites\/[^/]+\/openbao-audit\.hcl$/.test(f)),
  );
}

/**
 * The built program in a serving process of its own, for the synths and checks that must succeed (some twenty):
 * what only a process of its own shows (a kill, a lock held by another process) runs in one below.
 */
const served = new ServedGovcloud();
afterAll(() => served.close());

/** A synth that must succeed, run by the serving process. */
async function synthOk(config: string, out: string, ...extra: string[]): Promise<void> {
  const r = await served.run(['synth', '--config', config, '--out', out, ...extra]);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.not.stringContaining('Error') });
}

/** A synth of `config` into `out` outside any test, for the fixtures every test shares; throws if it fails. */
function synthFixture(config: string, out: string): string {
  const r = runGovcloud(['synth', '--config', config, '--out', out]);
  if (r.status !== 0) throw new Error(`test setup: govcloud synth --config ${config} exited ${r.status}: ${r.stderr}`);
  return out;
}

/** What a clean synth of OLD writes: each test starts from a copy, byte for byte what a synth would write again. */
const OLD_OUT = synthFixture(OLD_CONFIG, path.join(fresh('old-out'), 'out'));

let OLD: Record<string, string>;
let NEW: Record<string, string>;
beforeAll(async () => {
  const b = path.join(fresh('new-out'), 'out');
  await synthOk(NEW_CONFIG, b);
  OLD = ownFiles(OLD_OUT);
  NEW = ownFiles(b);
  expect(NEW).not.toEqual(OLD);
}, 120_000);

/** An output of OLD with Terraform's files in every stack folder; returns the output and those files' snapshot. */
function oldOutputWithState(): { out: string; foreign: () => Record<string, string> } {
  const out = path.join(fresh('out'), 'cdktf.out');
  fs.cpSync(OLD_OUT, out, { recursive: true });
  for (const t of fs.readdirSync(path.join(out, 'stacks'))) {
    fs.writeFileSync(path.join(out, 'stacks', t, 'terraform.tfstate'), `{"serial":1,"tenant":"${t}"}`);
    fs.mkdirSync(path.join(out, 'stacks', t, '.terraform'));
    fs.writeFileSync(path.join(out, 'stacks', t, '.terraform', 'environment'), 'default');
  }
  return { out, foreign: () => foreignFiles(out) };
}

/** The files of output `out` govcloud did not write (Terraform's), with their hashes. */
function foreignFiles(out: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshotFiles(out)).filter(([f]) => !(f in OLD) && !f.startsWith('.govcloud')));
}

/**
 * The library's synth of NEW over `out` in a child process, calling `afterStep(n)` after each publish step; the
 * script's text, for `node -e`.
 */
function publishScript(out: string, afterStep: string): string {
  return `
    const { loadConfig } = require(${JSON.stringify(path.join(ROOT, 'dist/loader/load-config.js'))});
    const { synthesizeTenants } = require(${JSON.stringify(path.join(ROOT, 'dist/stacks/synth/index.js'))});
    let n = 0;
    synthesizeTenants(loadConfig(${JSON.stringify(NEW_CONFIG)}), {
      outDir: ${JSON.stringify(out)},
      afterPublishStep: (step) => { ++n; ${afterStep} },
    });
    console.log(n);`;
}

/** Folders a synth builds in before it publishes, inside the output or (earlier versions) beside it. */
function scratchFolders(out: string): string[] {
  const inside = fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.startsWith('.govcloud-tmp-')) : [];
  const beside = fs.readdirSync(path.dirname(out)).filter((f) => f.startsWith(`${path.basename(out)}.tmp-`) || f.startsWith(`${path.basename(out)}.old-`));
  return [...inside, ...beside];
}

/**
 * The disk as a synth of NEW over OLD leaves it after each step of its publish (the commit, every stack file,
 * tenants' and sites', the OpenBao site's audit file, manifest, records, the journal's removal): one child
 * process runs the library's synth and, after each step, copies the folder that holds the output (the output,
 * and anything beside it) before it goes on. A process killed right after step n
 * (SIGKILL: no cleanup runs) leaves on disk what the copy of step n holds, since every step's writes are
 * synchronous; the real kills below check that. The steps are counted, not written down, so a new kind of file
 * is covered too.
 */
function recordPublishSteps(): { step: number; name: string; disk: string }[] {
  const { out } = oldOutputWithState();
  const copies = fresh('steps');
  const record = `
    require('fs').cpSync(${JSON.stringify(path.dirname(out))}, require('path').join(${JSON.stringify(copies)}, 'step-' + n), { recursive: true, preserveTimestamps: true });
    require('fs').appendFileSync(require('path').join(${JSON.stringify(copies)}, 'steps.txt'), step + '\\n');`;
  const r = spawnSync(process.execPath, ['-e', publishScript(out, record)], { encoding: 'utf8', timeout: 60_000 });
  const listed = path.join(copies, 'steps.txt');
  const names = fs.existsSync(listed) ? fs.readFileSync(listed, 'utf8').trim().split('\n') : [];
  if (r.status !== 0 || names.length === 0 || Number(r.stdout.trim()) !== names.length) {
    throw new Error(`test setup: recording the publish steps failed (exit ${r.status}): ${r.stderr}`);
  }
  return names.map((name, i) => ({ step: i + 1, name, disk: path.join(copies, `step-${i + 1}`) }));
}

const STEPS = recordPublishSteps();

/** A fresh copy of the disk after publish step `step`, as a kill there leaves it; returns its output folder. */
function diskAfter(step: number): string {
  const dir = fresh('killed');
  fs.cpSync(STEPS[step - 1].disk, dir, { recursive: true, preserveTimestamps: true });
  return path.join(dir, 'cdktf.out');
}

/**
 * An output's files by path, as two outputs of the same synth compare: the random part of the scratch folder's
 * name left out (of its path, and of the journal, which names it), and the lock only present (it names its
 * process).
 */
function comparable(out: string): Record<string, string> {
  const scratchName = /\.govcloud-tmp-[^/"]+/g;
  return Object.fromEntries(
    Object.entries(snapshotFiles(out)).map(([f, hash]) => {
      if (f === '.govcloud.lock') return [f, 'held'];
      if (f === '.govcloud-publish.json') return [f, fs.readFileSync(path.join(out, f), 'utf8').replace(scratchName, '.govcloud-tmp-*')];
      return [f.replace(scratchName, '.govcloud-tmp-*'), hash];
    }),
  );
}

describe('a synth killed while it publishes', () => {
  /** Terraform's files in an output of OLD as {@link oldOutputWithState} writes them: the same for every step. */
  let stateBefore: Record<string, string> | undefined;

  it.each(STEPS.map((s) => [s.step, s.name]))('leaves the output wholly old or wholly new when killed after publish step %i (%s), and loses no Terraform file', async (step) => {
    const out = diskAfter(step as number);
    stateBefore ??= foreignFiles(oldOutputWithState().out);
    expect(foreignFiles(out)).toEqual(stateBefore);
    const journal = fs.existsSync(path.join(out, '.govcloud-publish.json'));
    // Before the commit nothing of NEW is visible; after it, the journal says the output is NEW, and readers
    // refuse the folder until a synth has finished the publish.
    if (!journal) expect([OLD, NEW]).toContainEqual(ownFiles(out));
    else expect((await served.run(['check', out, '--config', NEW_CONFIG])).stderr).toContain('holds the half-published output of a synth that was interrupted');
    // Whatever was left, the next synth finishes or redoes it, and leaves no scratch.
    await synthOk(NEW_CONFIG, out);
    expect(ownFiles(out)).toEqual(NEW);
    expect(foreignFiles(out)).toEqual(stateBefore);
    expect(scratchFolders(out)).toEqual([]);
  });

  // The copies above stand for kills. Real kills, after the first step (the commit), one in the middle and the
  // last (the journal's removal), leave what the copies hold.
  it.each([...new Set([1, Math.ceil(STEPS.length / 2), STEPS.length])])('killed for real after publish step %i, leaves on disk what that step\'s copy holds', (step) => {
    const { out } = oldOutputWithState();
    const r = spawnSync(process.execPath, ['-e', publishScript(out, `if (n === ${step}) process.kill(process.pid, 'SIGKILL');`)], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBe('SIGKILL');
    const recorded = diskAfter(step);
    expect(comparable(out)).toEqual(comparable(recorded));
    expect(fs.readdirSync(path.dirname(out))).toEqual(fs.readdirSync(path.dirname(recorded)));
  });
});

/** Starts `govcloud synth` and kills it as soon as it has a scratch folder (it is building), then waits for it. */
async function killWhileBuilding(config: string, out: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [CLI, 'synth', '--config', config, '--out', out, '--force'], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null && scratchFolders(out).length === 0) await new Promise((r) => setTimeout(r, 2));
  child.kill('SIGKILL');
  return exited;
}

describe('a synth killed while it builds', () => {
  it('leaves the output as it was, and the next synth removes the scratch folder it left', async () => {
    const { out, foreign } = oldOutputWithState();
    const stateBefore = foreign();
    expect(await killWhileBuilding(NEW_CONFIG, out)).toBe('SIGKILL');
    expect(scratchFolders(out)).not.toEqual([]);
    expect(ownFiles(out)).toEqual(OLD);
    await synthOk(NEW_CONFIG, out, '--force');
    expect(scratchFolders(out)).toEqual([]);
    expect(ownFiles(out)).toEqual(NEW);
    expect(foreign()).toEqual(stateBefore);
  }, 120_000);
});

describe('two synths into one output folder', () => {
  it('refuses the second while the first holds the folder, naming it, after waiting', async () => {
    const { out } = oldOutputWithState();
    // This test's process stands for a live synth holding the lock.
    fs.writeFileSync(path.join(out, '.govcloud.lock'), JSON.stringify({ pid: process.pid, host: os.hostname(), command: 'synth', since: '2026-12-01T00:00:00Z' }));
    const r = runGovcloud(['synth', '--config', NEW_CONFIG, '--out', out], { env: { GOVCLOUD_LOCK_WAIT_SECONDS: '0.3' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`is being written by govcloud synth (pid ${process.pid} on ${os.hostname()}`);
    expect(r.stderr).toContain('invalid arguments');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(ownFiles(out)).toEqual(OLD);
  });

  it('takes over the lock of a synth that died', async () => {
    const { out } = oldOutputWithState();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    fs.writeFileSync(path.join(out, '.govcloud.lock'), JSON.stringify({ pid: dead, host: os.hostname(), command: 'synth', since: '2026-12-01T00:00:00Z' }));
    await synthOk(NEW_CONFIG, out);
    expect(ownFiles(out)).toEqual(NEW);
    expect(fs.existsSync(path.join(out, '.govcloud.lock'))).toBe(false);
  });

  it('runs two synths started together one after the other, and the output is whole', async () => {
    const { out } = oldOutputWithState();
    const run = () =>
      new Promise<number | null>((resolve) => {
        const c = spawn(process.execPath, [CLI, 'synth', '--config', NEW_CONFIG, '--out', out, '--force'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, GOVCLOUD_LOCK_WAIT_SECONDS: '60' } });
        c.on('exit', (code) => resolve(code));
      });
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    expect(ownFiles(out)).toEqual(NEW);
    expect(scratchFolders(out)).toEqual([]);
  }, 120_000);
});

describe('--out at a folder govcloud did not write', () => {
  /** A project folder: a copy of the config and a file of the user's, as the working folder. */
  function project(): string {
    const dir = fresh('project');
    configWith({}, path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    return dir;
  }

  it.each([['.'], ['config'], ['config/tenants'], ['notes.txt']])('refuses --out %s with exit 2 and deletes nothing', async (out) => {
    const dir = project();
    const before = snapshotFiles(dir);
    const r = await served.run(['synth', '--config', 'config', '--out', out], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/govcloud synth: invalid arguments \(1 problem\):\n {2}\S+ --out: /);
    expect(snapshotFiles(dir)).toEqual(before);
  });
});
