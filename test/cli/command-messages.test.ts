import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, govcloudInProcess } from './run-govcloud';
import { useColour } from '../../cli/terminal-colour';

/** What commands say when they refuse or fail: which label, which argument, which version; never a stack trace. */
const RISKY_PLAN = path.join(ROOT, 'test', 'fixtures', 'review', 'dsp-ng-firmware-key-delete.plan.json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'command-messages-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const STACK_TRACE = /\n\s+at \S/;

describe('govcloud --version', () => {
  it('prints the version of package.json and exits 0', async () => {
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const run = await govcloudInProcess([flag]);
      expect(run.status).toBe(0);
      expect(run.stdout.trim()).toBe(`govcloud ${version}`);
    }
  });
});

describe('--fail-on', () => {
  it('names the labels that made review exit 1, and the policy errors', async () => {
    const run = await govcloudInProcess(['review', RISKY_PLAN, '--tenant', 'dsp-ng', '--fail-on', 'destructive,egress']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^govcloud review: exit 1: the plan carries destructive changes \(--fail-on destructive,egress\)$/m);
    expect(run.stderr).toMatch(/^govcloud review: exit 1: \d+ policy errors? in the plan$/m);
  });
});

describe('argument errors', () => {
  it('are called invalid arguments, and a read-only command does not say "nothing was written"', async () => {
    const run = await govcloudInProcess(['check', 'config', '--shard', '0/3']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('govcloud check: invalid arguments (1 problem):\n  arguments --shard: "0/3" is not a shard. Fix: write I/N with 1 <= I <= N, e.g. --shard 2/8\n');
  });

  it('says so when synth is given an unknown tenant, and that nothing was written', async () => {
    const run = await govcloudInProcess(['synth', '--out', path.join(tmp, 'unknown-tenant'), '--tenant', 'nosuch']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^govcloud synth: invalid arguments \(1 problem\):\n {2}\S+ --tenant: no tenant named "nosuch"/);
    expect(run.stderr).toMatch(/nothing was written\.\n$/);
  });

  it.each([
    ['check', ['check', RISKY_PLAN, '--tenant', 'dsp-ng', '--output', 'config']],
    ['review', ['review', RISKY_PLAN, '--tenant', 'dsp-ng', '--output', 'config']],
    ['docs', ['docs', '--out', 'config']],
    ['pipeline', ['pipeline', '--ci', 'gitlab', '--output', 'config']],
  ])('refuses a folder as the file %s writes, with exit 2 and no stack trace', async (_, args) => {
    const run = await govcloudInProcess(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/invalid arguments \(1 problem\):\n {2}config --out(put)?: is a folder/);
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('NO_COLOR', () => {
  const tty = process.stdout.isTTY;
  const saved = process.env.NO_COLOR;
  afterEach(() => {
    Object.defineProperty(process.stdout, 'isTTY', { value: tty, configurable: true });
    if (saved === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved;
  });

  it('turns colour off on a terminal when set, and only when set to something', async () => {
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    delete process.env.NO_COLOR;
    expect(useColour(true)).toBe(true);
    process.env.NO_COLOR = '';
    expect(useColour(true)).toBe(true);
    process.env.NO_COLOR = '1';
    expect(useColour(true)).toBe(false);
  });

  it('never colours what does not go to a terminal', async () => {
    Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
    delete process.env.NO_COLOR;
    expect(useColour(true)).toBe(false);
  });
});
