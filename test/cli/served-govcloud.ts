import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import type { Run, RunOptions } from './run-govcloud';
import { shellQuoted as quoted } from '../shell-quote';

/**
 * The serving process's script: each message is one run of the built CLI program, answered with what it gave.
 * A `listen` message makes it also serve runs asked over a Unix socket, one JSON request per connection (the
 * args, the working folder and the whole environment of a `node dist/cli/govcloud.js` a shell script started:
 * served-node-client.js), answered with one JSON reply. Runs are one at a time, whichever way they come.
 */
const SERVER = `
  const { runCliCaptured } = require(${JSON.stringify(path.join(__dirname, 'run-cli-captured.js'))});
  let queue = Promise.resolve();
  const serve = (args, options) => {
    const answer = queue.then(() => runCliCaptured(args, options)).catch((e) => ({ status: 3, stdout: '', stderr: String(e && e.stack) }));
    queue = answer;
    return answer;
  };
  process.on('message', async ({ id, args, options, listen }) => {
    if (listen) {
      const server = require('net').createServer({ allowHalfOpen: true }, (socket) => {
        let request = '';
        socket.setEncoding('utf8');
        socket.on('data', (d) => (request += d));
        socket.on('end', async () => {
          const { args, cwd, env } = JSON.parse(request);
          socket.end(JSON.stringify(await serve(args, { cwd, env, wholeEnv: true })));
        });
      });
      server.listen(listen, () => process.send({ id, status: 0, stdout: '', stderr: '' }));
      server.on('error', (e) => process.send({ id, status: 3, stdout: '', stderr: String(e && e.stack) }));
      return;
    }
    process.send({ id, ...(await serve(args, options)) });
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
    return this.ask({ args, options });
  }

  private ask(message: { args?: readonly string[]; options?: RunOptions; listen?: string }): Promise<Run> {
    const child = this.serving();
    const id = ++this.asked;
    return new Promise((resolve) => {
      this.waiting.set(id, (run) => {
        this.waiting.delete(id);
        resolve(run);
      });
      child.send({ id, ...message });
    });
  }

  /**
   * Makes the serving process also serve runs over the Unix socket `socket` (a path), for shell scripts whose
   * `node dist/cli/govcloud.js ARGS` lines run through {@link servedNodeScript}; resolves once it listens.
   */
  async listen(socket: string): Promise<void> {
    const r = await this.ask({ listen: socket });
    if (r.status !== 0) throw new Error(`the serving process cannot listen on ${socket}: ${r.stderr}`);
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

/** The client a served `node` stand-in runs (served-node-client.js). */
const CLIENT = path.join(__dirname, 'served-node-client.js');

/**
 * A stand-in for `node`, as a shell script's text, for a folder put first on a job's PATH: `node
 * dist/cli/govcloud.js ARGS` is run by the serving process listening on `socket` ({@link ServedGovcloud.listen}),
 * with the script's working folder and environment, its output and exit code passed through; every other use of
 * `node` (the jobs' `node -e` guards) runs the real Node.js, this process's.
 */
export function servedNodeScript(socket: string): string {
  return [
    '#!/bin/sh',
    'case "$1" in',
    `  dist/cli/govcloud.js) shift; GOVCLOUD_SERVED_SOCKET=${quoted(socket)} exec ${quoted(process.execPath)} ${quoted(CLIENT)} "$@" ;;`,
    `  *) exec ${quoted(process.execPath)} "$@" ;;`,
    'esac',
    '',
  ].join('\n');
}
