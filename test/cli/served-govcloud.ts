import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import type { Run, RunOptions } from './run-govcloud';

/** The serving process's script: each message is one run of the built CLI program, answered with what it gave. */
const SERVER = `
  const { runCliCaptured } = require(${JSON.stringify(path.join(__dirname, 'run-cli-captured.js'))});
  process.on('message', async ({ id, args, options }) => {
    let answer;
    try {
      answer = await runCliCaptured(args, options);
    } catch (e) {
      answer = { status: 3, stdout: '', stderr: String(e && e.stack) };
    }
    process.send({ id, ...answer });
  });`;

/**
 * The built CLI program run in one Node process of its own that serves every run a test file asks for: outside
 * jest's sandbox, which slows a CPU-bound loop by about 40%, and without a Node start and a module load per run.
 * For loops of many runs (the fuzz test's 300); a run's output is captured as `govcloudInProcess` captures it, and
 * what only a process of its own shows (exit, start-up) stays with `runGovcloud`. `close` it after the file, and await it.
 */
export class ServedGovcloud {
  private child: ChildProcess | undefined;
  private readonly waiting = new Map<number, (run: Run) => void>();
  private asked = 0;

  /** Runs `govcloud ARGS` in the serving process (started on first use). */
  run(args: readonly string[], options: RunOptions = {}): Promise<Run> {
    const child = this.serving();
    const id = ++this.asked;
    return new Promise((resolve) => {
      this.waiting.set(id, (run) => {
        this.waiting.delete(id);
        resolve(run);
      });
      child.send({ id, args, options });
    });
  }

  /** Stops the serving process and waits for it to exit, so that no child outlives the test file. */
  close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill();
    });
  }

  private serving(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m: Run & { id: number }) => this.waiting.get(m.id)?.({ status: m.status, stdout: m.stdout, stderr: m.stderr }));
    child.on('exit', (code, signal) => {
      for (const answer of [...this.waiting.values()]) answer({ status: 3, stdout: '', stderr: `the serving process exited (${signal ?? code})` });
    });
    this.child = child;
    return child;
  }
}
