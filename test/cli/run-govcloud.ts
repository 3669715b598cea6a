import { spawnSync } from 'child_process';
import * as path from 'path';
import { format } from 'util';

/** The repository root, and the built CLI the subprocess tests run. */
export const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'dist', 'cli', 'govcloud.js');

/** What one run of the CLI gave. */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runGovcloud}. */
export interface RunOptions {
  /**
   * Working directory of the run.
   * @default the repository root
   */
  readonly cwd?: string;
  /**
   * Variables added to this process's environment.
   * @default none
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `node dist/cli/govcloud.js ARGS` and waits for it (two minutes at most). */
export function runGovcloud(args: readonly string[], options: RunOptions = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: options.env ? { ...process.env, ...options.env } : process.env,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An environment in which `git commit` works without a user configuration. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.lu',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.lu',
};

/**
 * Runs `govcloud ARGS` in this process, the built program, where a subprocess would prove nothing more
 * (issue 15: a subprocess costs a Node start and a module load per run). What the command prints through
 * `console` or `process.stdout`/`process.stderr` is captured; `options.env` is added to `process.env` and
 * `options.cwd` made the working folder for the run, and both are put back after it, as is `process.exitCode`.
 * Exit codes, start-up and what only the built CLI shows stay with {@link runGovcloud}.
 */
export async function govcloudInProcess(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const saved = {
    console: { log: console.log, info: console.info, warn: console.warn, error: console.error },
    stdoutWrite: process.stdout.write,
    stderrWrite: process.stderr.write,
    env: process.env,
    cwd: process.cwd(),
    exitCode: process.exitCode,
  };
  const writer = (sink: string[]) => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }) as typeof process.stdout.write;
  console.log = console.info = (...a: unknown[]) => void stdout.push(`${format(...a)}\n`);
  console.warn = console.error = (...a: unknown[]) => void stderr.push(`${format(...a)}\n`);
  process.stdout.write = writer(stdout);
  process.stderr.write = writer(stderr);
  process.env = options.env ? { ...saved.env, ...options.env } : { ...saved.env };
  process.exitCode = undefined;
  process.chdir(options.cwd ?? ROOT);
  try {
    // The built program (dist/, which `npm test` builds first), as the subprocess runs it: the same compiled
    // schemas and the same toolkit fingerprint in what synth records. Loaded when first used, so a test file that
    // only spawns the CLI does not load every command.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runCli } = require(path.join(ROOT, 'dist', 'cli', 'program.js')) as typeof import('../../cli/program');
    await runCli([process.execPath, CLI, ...args]);
    const code = process.exitCode as number | string | undefined;
    return { status: code === undefined ? 0 : Number(code), stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    Object.assign(console, saved.console);
    process.stdout.write = saved.stdoutWrite;
    process.stderr.write = saved.stderrWrite;
    process.env = saved.env;
    process.chdir(saved.cwd);
    process.exitCode = saved.exitCode;
  }
}
