import { execSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command } from 'commander';
import { MODULE_TRACE_FILE_ENV } from '../../bench/trace-modules';
import { snapshotFiles } from '../file-snapshot';
import { CLI, ROOT, runGovcloud } from './run-govcloud';

/** One file per command under cli/commands/, each declaring its command, its options and its action. */
const COMMANDS_DIR = path.join(ROOT, 'cli', 'commands');
const commandFiles = fs.readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts')).sort();
const commandNames = commandFiles.map((f) => path.basename(f, '.ts')).sort();

beforeAll(() => {
  if (!fs.existsSync(CLI)) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
}, 180_000);

describe('cli/commands/', () => {
  it('holds a file for every command', () => {
    expect(commandNames).toEqual(['apply', 'bundle', 'check', 'diff', 'docs', 'evidence', 'pipeline', 'plan', 'review', 'rules', 'site-checklist', 'synth', 'vendors', 'verify', 'verify-bundle', 'where']);
  });

  it.each(commandFiles)('%s registers exactly one command, named after its file, with a description', (file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(COMMANDS_DIR, file)) as { register?: (program: Command) => void };
    expect(typeof mod.register).toBe('function');
    const program = new Command();
    mod.register!(program);
    expect(program.commands.map((c) => c.name())).toEqual([path.basename(file, '.ts')]);
    expect(program.commands[0].description()).not.toBe('');
  });
});

/** `govcloud ARGS` in a process of its own, with the modules it loaded (bench/trace-modules.js), `/`-separated. */
function traced(...args: string[]): { run: ReturnType<typeof spawnSync>; modules: string[] } {
  const trace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-modules-')), 'modules.txt');
  const run = spawnSync(process.execPath, ['--require', path.join(ROOT, 'dist', 'bench', 'trace-modules.js'), CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, [MODULE_TRACE_FILE_ENV]: trace },
  });
  return { run, modules: fs.readFileSync(trace, 'utf8').split('\n').map((m) => m.split(path.sep).join('/')) };
}

describe('govcloud apply', () => {
  it('reads the saved plan without loading cdktf or a provider binding, which only plan needs to synthesize', () => {
    const { run, modules } = traced('apply', 'dsp-ng', '--out', fs.mkdtempSync(path.join(os.tmpdir(), 'never-planned-')));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('run govcloud plan dsp-ng first');
    expect(modules.some((m) => m.endsWith('/dist/plan/saved-plan.js'))).toBe(true);
    // The bundled config is plain YAML, which loader/plain-yaml.ts reads: the yaml package is not loaded at all.
    expect(modules.some((m) => m.endsWith('/dist/loader/plain-yaml.js'))).toBe(true);
    expect(modules.filter((m) => /\/node_modules\/yaml\//.test(m))).toEqual([]);
    expect(modules.filter((m) => /\/node_modules\/(cdktf|@cdktf)\//.test(m) || m.endsWith('/dist/plan/plan-tenant.js'))).toEqual([]);
  });
});

describe('govcloud synth', () => {
  it('loads no cdktf, provider binding or construct when no tenant changed since the last synth, which it leaves as it was', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'unchanged-synth-')), 'cdktf.out');
    const first = traced('synth', '--out', out);
    expect(first.run.status).toBe(0);
    expect(first.modules.some((m) => /\/node_modules\/cdktf\//.test(m))).toBe(true);
    const written = snapshotFiles(out);
    const again = traced('synth', '--out', out);
    expect(again.run.status).toBe(0);
    expect(again.run.stdout).toMatch(/synthesized 0 tenants into .*; 5 unchanged since the last synth/);
    expect(again.modules.some((m) => m.endsWith('/dist/stacks/synth/synthesize.js'))).toBe(true);
    expect(again.modules.filter((m) => /\/node_modules\/(cdktf|@cdktf|constructs)\//.test(m) || /\/dist\/(constructs|stacks\/synth\/build-)/.test(m))).toEqual([]);
    expect(snapshotFiles(out)).toEqual(written);
  });
});

describe('govcloud pipeline', () => {
  it('writes the pipeline without loading cdktf or a provider binding: it compares inputs, it synthesizes nothing', () => {
    const { run, modules } = traced('pipeline', '--ci', 'gitlab');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('plan:dsp-ng:');
    expect(modules.some((m) => m.endsWith('/dist/pipeline/affected-sites.js'))).toBe(true);
    expect(modules.filter((m) => /\/node_modules\/(cdktf|@cdktf|constructs)\//.test(m))).toEqual([]);
  });
});

describe('govcloud --help', () => {
  it('lists every command', () => {
    const run = runGovcloud(['--help']);
    expect(run.status).toBe(0);
    const commandsSection = run.stdout.split('\nCommands:\n')[1] ?? '';
    const listed = commandsSection.split('\n').map((l) => /^ {2}([a-z][a-z-]*)\b/.exec(l)?.[1]).filter((n): n is string => n !== undefined && n !== 'help');
    expect([...listed].sort()).toEqual(commandNames);
  });

  it('loads no cdktf, no provider binding and no rule catalogue', () => {
    const { run, modules } = traced('--help');
    expect(run.status).toBe(0);
    expect(modules).toContain(CLI.split(path.sep).join('/'));
    const heavy = modules.filter((m) =>
      /\/node_modules\/(cdktf|@cdktf|constructs)\//.test(m) || /\/dist\/policy\/(rules\/|catalogue\.js|terraform\/(rules\/|stack-catalogue\.js))/.test(m),
    );
    expect(heavy).toEqual([]);
  });
});
