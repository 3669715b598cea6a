import { spawnSync } from 'child_process';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runCliCaptured } = require('./run-cli-captured') as { runCliCaptured: (args: readonly string[], options: RunOptions) => Promise<Run> };

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
  return runCliCaptured(args, options);
}
