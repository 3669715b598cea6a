import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exampleSynthOutput } from './example-synth';

/**
 * The bundled example config synthesizes to the output kept in test/fixtures/example-output, byte for byte, so a
 * change to what Terraform receives shows up in review as a diff of those files, never by accident.
 * After an intended change: `GOVCLOUD_UPDATE_EXAMPLE_OUTPUT=1 npx jest test/stacks/example-output.test.ts`, then
 * review and commit the diff.
 */
const GOLDEN = path.resolve(__dirname, '../fixtures/example-output');

it('synthesizes the example config to the reviewed output, byte for byte', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'example-output-'));
  const files = exampleSynthOutput(path.join(out, 'cdktf.out'));
  if (process.env.GOVCLOUD_UPDATE_EXAMPLE_OUTPUT === '1') {
    fs.rmSync(GOLDEN, { recursive: true, force: true });
    for (const [f, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(GOLDEN, f)), { recursive: true });
      fs.writeFileSync(path.join(GOLDEN, f), text);
    }
  }
  const golden = Object.fromEntries(Object.keys(files).map((f) => [f, fs.existsSync(path.join(GOLDEN, f)) ? fs.readFileSync(path.join(GOLDEN, f), 'utf8') : '(missing)']));
  const kept = fs.readdirSync(path.join(GOLDEN, 'stacks')).sort();
  expect(kept).toEqual(Object.keys(files).filter((f) => f.startsWith('stacks')).map((f) => f.split(path.sep)[1]).sort());
  for (const f of Object.keys(files)) expect({ file: f, text: files[f] }).toEqual({ file: f, text: golden[f] });
  fs.rmSync(out, { recursive: true, force: true });
});
