// `npm test`'s first step: the build (dist/, which the CLI tests run) and the type-check of sources and tests,
// at the same time. They are independent, and each keeps about one core busy: on a 2-core machine, running them
// together takes about the time of the longer one instead of both (issue 15). Each one's output is printed
// whole when it ends, so the two never interleave; the exit code is non-zero if either fails.
const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
// npm sets npm_execpath for scripts it runs; elsewhere, the npm on PATH.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

/** Runs `npm run <script> --silent`; resolves with its exit code once its output is printed. */
function run(script) {
  return new Promise((resolve) => {
    const child = spawn(npm[0], [...npm.slice(1), 'run', script, '--silent'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', (e) => out.push(Buffer.from(`npm run ${script}: ${e.message}\n`)));
    child.on('close', (code, signal) => {
      const text = Buffer.concat(out).toString();
      if (text) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
      if (code !== 0) process.stderr.write(`npm run ${script} failed (${signal ? `signal ${signal}` : `exit ${code}`})\n`);
      resolve(code === 0 ? 0 : 1);
    });
  });
}

Promise.all([run('build'), run('typecheck')]).then((codes) => process.exit(Math.max(...codes)));
