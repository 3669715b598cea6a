/**
 * The floor of a synth: `node dist/bench/write-floor.js SYNTH_OUT TARGET` reads every stack of a synth output
 * into memory (not timed), then times writing the same documents again with `JSON.stringify` and
 * `fs.writeFileSync`, one folder per stack as cdktf lays them out, and prints `{"ms": N, "bytes": N}`.
 * No synthesis tool can write the same bytes faster than this.
 */
import * as fs from 'fs';
import * as path from 'path';

function main(): void {
  const [source, target] = process.argv.slice(2);
  if (!source || !target) throw new Error('usage: write-floor.js SYNTH_OUT TARGET');
  const stacksDir = path.join(source, 'stacks');
  const docs = fs
    .readdirSync(stacksDir)
    .sort()
    .map((name) => ({ name, json: JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as unknown }));
  const start = process.hrtime.bigint();
  let bytes = 0;
  for (const { name, json } of docs) {
    const dir = path.join(target, 'stacks', name);
    fs.mkdirSync(dir, { recursive: true });
    const text = JSON.stringify(json, null, 2);
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), text);
    bytes += text.length;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(`${JSON.stringify({ ms, bytes })}\n`);
}

main();
