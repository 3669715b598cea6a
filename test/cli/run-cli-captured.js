// One run of the built CLI program (dist/cli/program.js) in the process that calls it, with what it prints
// captured: in a jest test file (govcloudInProcess, run-govcloud.ts) and in a serving Node process of its own
// (served-govcloud.ts). Plain JavaScript, so a Node process can load it without a transpiler.
const path = require('path');
const { format } = require('util');

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli', 'govcloud.js');

/**
 * Runs `govcloud ARGS` through `runCli`: what the command prints through `console` or `process.stdout` and
 * `process.stderr` is captured; `options.env` is added to `process.env` (or, with `options.wholeEnv`, is the whole
 * environment of the run) and `options.cwd` (default: the repository) made the working folder for the run, and
 * both are put back after it, as is `process.exitCode`. Resolves to `{ status, stdout, stderr }`.
 */
async function runCliCaptured(args, options = {}) {
  const stdout = [];
  const stderr = [];
  const saved = {
    console: { log: console.log, info: console.info, warn: console.warn, error: console.error },
    stdoutWrite: process.stdout.write,
    stderrWrite: process.stderr.write,
    env: process.env,
    cwd: process.cwd(),
    exitCode: process.exitCode,
  };
  const writer = (sink) => (chunk, ...rest) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function');
    if (done) done();
    return true;
  };
  console.log = console.info = (...a) => void stdout.push(`${format(...a)}\n`);
  console.warn = console.error = (...a) => void stderr.push(`${format(...a)}\n`);
  process.stdout.write = writer(stdout);
  process.stderr.write = writer(stderr);
  process.env = options.wholeEnv ? { ...options.env } : options.env ? { ...saved.env, ...options.env } : { ...saved.env };
  process.exitCode = undefined;
  process.chdir(options.cwd || ROOT);
  try {
    // The built program (dist/, which `npm test` builds first), as the subprocess runs it. Loaded when first used,
    // so a test file that only spawns the CLI does not load every command.
    const { runCli } = require(path.join(ROOT, 'dist', 'cli', 'program.js'));
    await runCli([process.execPath, CLI, ...args]);
    const code = process.exitCode;
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

module.exports = { runCliCaptured };
