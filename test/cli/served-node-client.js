// `node dist/cli/govcloud.js ARGS` in a shell script, run by a serving process instead (served-govcloud.ts,
// `servedNodeScript`): sends the args, the working folder and the whole environment to the Unix socket
// GOVCLOUD_SERVED_SOCKET names, then writes the run's output and exits with its exit code. Plain JavaScript, so
// Node runs it without a transpiler; a Node start without the CLI's module load.
const net = require('net');

const env = { ...process.env };
const socketPath = env.GOVCLOUD_SERVED_SOCKET;
delete env.GOVCLOUD_SERVED_SOCKET;
let reply = '';
const socket = net.connect(socketPath, () => socket.end(JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), env })));
socket.setEncoding('utf8');
socket.on('data', (d) => (reply += d));
socket.on('error', (e) => {
  process.stderr.write(`served-node-client: no serving process at ${socketPath}: ${e.message}\n`);
  process.exitCode = 3;
});
socket.on('end', () => {
  if (!reply) {
    process.stderr.write(`served-node-client: the serving process at ${socketPath} closed without an answer (did it exit?)\n`);
    process.exitCode = 3;
    return;
  }
  const { status, stdout, stderr } = JSON.parse(reply);
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = status;
});
