import { spawnSync } from 'child_process';
import * as path from 'path';

/** The repository root, and the built CLI every CLI test runs as a subprocess. */
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
