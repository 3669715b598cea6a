#!/usr/bin/env node
// `npm test`: builds dist/, runs jest with the arguments given (`npm test -- --json ...`), and type-checks the
// sources and the tests beside jest.
//
// - The build is `tsc -p tsconfig.build.json --noCheck`: the dist/ of `npm run build`, byte for byte (only
//   dist/.tsbuildinfo differs: it records the check as pending), without the check.
// - Then package.json's `postbuild` (the schema validators, the CLI's executable bit), as npm runs it.
// - The check is package.json's `typecheck` script, started with the build at the lowest CPU priority, so that it
//   runs where the build and jest leave a core idle (jest's workers wait for the processes the tests start). Its
//   messages are printed after jest's, and a failed check fails the run whatever jest said.
// - jest runs with V8's interrupt budget raised (WORKER_V8_FLAGS), which its workers inherit: see there.
// A failed build stops the run before jest, with tsc's messages and exit code.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const TSC = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
const JEST = require.resolve('jest/bin/jest', { paths: [ROOT] });
const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
/**
 * V8 flags for jest's processes; its workers inherit them (jest-worker starts them with the parent's
 * `process.execArgv`), the processes the tests start do not.
 *
 * `--interrupt-budget` is how much bytecode a function runs before V8 considers optimizing it with TurboFan (67,584
 * in Node 20). Each test file runs its modules afresh in a context of its own, so code that turns hot in one file is
 * optimized again in the next: in one `npm test`, the workers' TurboFan threads took about 12 CPU-s (`perf record`),
 * a tenth of the run on this 2-core machine. At 32 times the budget only the code that stays hot is optimized. On
 * the in-process tests (test/stacks, policy, constructs, evidence and the loader's parsing and schema files), seven
 * rounds of one run each, alternating: 24.9 to 29.5 s (mean 26.8) before, 21.7 to 26.1 s (mean 23.7) after; faster in
 * six rounds of seven. The flag changes no result, only when V8 compiles; a Node without it runs jest as before.
 */
const WORKER_V8_FLAGS = ['--interrupt-budget=2162688'];

/** What npm gives a script: the repository's own binaries first on PATH. */
const scriptEnv = { ...process.env, PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` };

/**
 * Starts `command args` with its output collected (at nice 19 with `lowPriority`): the child, and a promise of its
 * exit code (1 after a signal) and output.
 */
function collected(command, args, { lowPriority = false, ...spawnOptions } = {}) {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions });
  if (lowPriority && child.pid !== undefined) {
    try {
      os.setPriority(child.pid, 19);
    } catch {
      // Not allowed here: the check runs at jest's priority, which only makes the run slower.
    }
  }
  const done = new Promise((resolve) => {
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ status: 1, output: `${output}${e.message}\n` }));
    child.on('close', (status) => resolve({ status: status ?? 1, output }));
  });
  return { child, done };
}

async function main(args) {
  const started = Date.now();
  fs.rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  // `exec`: the shell becomes the check, so the priority set on its process is the check's.
  const checking = collected('sh', ['-c', `exec ${scripts.typecheck}`], { env: scriptEnv, lowPriority: true });
  // Whether this Node takes the flags, asked while the build runs.
  const flagsTaken = collected(process.execPath, [...WORKER_V8_FLAGS, '-e', '']).done.then((r) => r.status === 0);
  const build = await collected(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--noCheck']).done;
  if (build.status !== 0) {
    checking.child.kill();
    process.stderr.write(`${build.output}npm test: the build (tsc -p tsconfig.build.json --noCheck) failed (exit ${build.status}); jest was not run\n`);
    return build.status;
  }
  const postbuild = spawnSync('sh', ['-c', scripts.postbuild], { cwd: ROOT, env: scriptEnv, stdio: 'inherit' });
  if (postbuild.status !== 0) {
    checking.child.kill();
    process.stderr.write(`npm test: npm run postbuild failed (exit ${postbuild.status}); jest was not run\n`);
    return postbuild.status || 1;
  }
  process.stderr.write(`npm test: dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s; jest runs now, the type check (${scripts.typecheck}) beside it\n`);

  // dist/ is new: jest's global setup need not bring it up to date (test/global-setup.js).
  const v8Flags = (await flagsTaken) ? WORKER_V8_FLAGS : [];
  const jest = spawn(process.execPath, [...v8Flags, JEST, ...args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, GOVCLOUD_TEST_DIST_BUILT: '1' } });
  const forward = (signal) => {
    jest.kill(signal);
    checking.child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  const jestStatus = await new Promise((resolve) => jest.on('close', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
  const waitedFrom = Date.now();
  const check = await checking.done;
  const waited = ((Date.now() - waitedFrom) / 1000).toFixed(1);
  if (check.status !== 0) {
    process.stderr.write(`${check.output}npm test: the type check (${scripts.typecheck}) failed (exit ${check.status})\n`);
    return jestStatus || check.status;
  }
  process.stderr.write(`npm test: the type check passed (${waited} s waited for it after jest)\n`);
  return jestStatus;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

module.exports = { WORKER_V8_FLAGS };
