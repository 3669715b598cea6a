import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UnreadableInputError } from '../../policy/terraform/synth-reader';
import { readCheckInputs, readTerraformJson } from '../../check/read-inputs';
import { TERRAFORM_JSON_MAX_BYTES } from '../../loader/read-input-file';

/** What `govcloud check` and `govcloud review` are given on the command line: refused, never hung on. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'read-inputs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The error `read()` throws; fails if it throws something else or nothing. */
function unreadable(read: () => unknown): UnreadableInputError {
  try {
    read();
  } catch (e) {
    if (e instanceof UnreadableInputError) return e;
    throw e;
  }
  throw new Error('expected an UnreadableInputError');
}

describe('readTerraformJson', () => {
  it('parses a regular JSON file', () => {
    const file = path.join(tmp, 'plan.json');
    fs.writeFileSync(file, '{"format_version":"1.2"}');
    expect(readTerraformJson(file)).toEqual({ format_version: '1.2' });
  });

  it('refuses a FIFO without opening it, naming the file and the fix', () => {
    const fifo = path.join(tmp, 'plan.fifo.json');
    execFileSync('mkfifo', [fifo]);
    const e = unreadable(() => readTerraformJson(fifo));
    expect(e.file).toBe(fifo);
    expect(e.message).toContain('FIFO');
    expect(e.fix).toContain('regular file');
  });

  it('refuses a link to /dev/zero without reading it', () => {
    const link = path.join(tmp, 'zero.json');
    fs.symlinkSync('/dev/zero', link);
    expect(unreadable(() => readTerraformJson(link)).message).toContain('character device');
  });

  it('refuses a plan over the size limit before reading it', () => {
    const file = path.join(tmp, 'huge.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, TERRAFORM_JSON_MAX_BYTES + 1);
    expect(unreadable(() => readTerraformJson(file)).message).toContain('over the limit of 64 MiB');
  });
});

describe('readCheckInputs', () => {
  it('refuses a FIFO given as the path to check', () => {
    const fifo = path.join(tmp, 'check.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(unreadable(() => readCheckInputs([fifo])).message).toContain('FIFO');
  });

  it('refuses a cdk.tf.json inside a synth folder that links to /dev/zero', () => {
    const stack = path.join(tmp, 'out', 'stacks', 'dsp-ng');
    fs.mkdirSync(stack, { recursive: true });
    fs.symlinkSync('/dev/zero', path.join(stack, 'cdk.tf.json'));
    expect(unreadable(() => readCheckInputs([path.join(tmp, 'out')])).message).toContain('character device');
  });
});
