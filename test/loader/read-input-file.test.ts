import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONFIG_FILE_MAX_BYTES, readInputFile, TERRAFORM_JSON_MAX_BYTES } from '../../loader/read-input-file';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'read-input-file-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const LIMIT = { maxBytes: CONFIG_FILE_MAX_BYTES };

describe('readInputFile', () => {
  it('reads a regular UTF-8 file whole', () => {
    const file = path.join(tmp, 'ok.yaml');
    fs.writeFileSync(file, 'name: café\n');
    expect(readInputFile(file, LIMIT)).toEqual({ text: 'name: café\n' });
  });

  it('reads a file of exactly the limit', () => {
    const file = path.join(tmp, 'exact.txt');
    fs.writeFileSync(file, 'x'.repeat(100));
    expect(readInputFile(file, { maxBytes: 100 })).toEqual({ text: 'x'.repeat(100) });
  });

  it('refuses a file one byte over the limit, naming its size and the limit', () => {
    const file = path.join(tmp, 'over.txt');
    fs.writeFileSync(file, 'x'.repeat(101));
    expect(readInputFile(file, { maxBytes: 100 })).toMatchObject({ refused: 'it is 101 bytes, over the limit of 100 bytes' });
  });

  it('refuses a sparse file larger than the Terraform JSON limit by its size, before reading a byte', () => {
    const file = path.join(tmp, 'huge.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, TERRAFORM_JSON_MAX_BYTES + 1);
    expect(readInputFile(file, { maxBytes: TERRAFORM_JSON_MAX_BYTES })).toMatchObject({ refused: expect.stringContaining('over the limit of 64 MiB') });
  });

  it('refuses a file that says it is empty but holds more than the limit (as files under /proc do)', () => {
    expect(fs.statSync('/proc/self/status').size).toBe(0);
    expect(readInputFile('/proc/self/status', { maxBytes: 16 })).toMatchObject({ refused: 'it holds more than the limit of 16 bytes' });
  });

  it.each([
    ['/dev/zero', () => '/dev/zero', 'a character device'],
    ['/dev/null', () => '/dev/null', 'a character device'],
    ['a folder', () => tmp, 'a folder'],
  ])('refuses %s without reading it', (_what, file, kind) => {
    expect(readInputFile(file(), LIMIT)).toMatchObject({ refused: `it is ${kind}, not a regular file` });
  });

  it('refuses a FIFO without opening it, so it never waits for a writer', () => {
    const fifo = path.join(tmp, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(readInputFile(fifo, LIMIT)).toMatchObject({ refused: 'it is a FIFO (named pipe), not a regular file' });
  });

  it('refuses a link that resolves outside the folder it must stay in, and follows one that stays inside', () => {
    const inside = fs.mkdtempSync(path.join(tmp, 'config-'));
    fs.writeFileSync(path.join(inside, 'real.yaml'), 'a: 1\n');
    fs.symlinkSync('real.yaml', path.join(inside, 'in.yaml'));
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'token: abc\n');
    fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(inside, 'out.yaml'));
    expect(readInputFile(path.join(inside, 'in.yaml'), { ...LIMIT, within: inside })).toEqual({ text: 'a: 1\n' });
    expect(readInputFile(path.join(inside, 'out.yaml'), { ...LIMIT, within: inside })).toMatchObject({ refused: expect.stringContaining('outside the folder') });
  });

  it('refuses a missing file and a loop of links with a reason, without throwing', () => {
    expect(readInputFile(path.join(tmp, 'missing.yaml'), LIMIT)).toMatchObject({ refused: 'no such file' });
    fs.symlinkSync('loop-b', path.join(tmp, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(tmp, 'loop-b'));
    expect(readInputFile(path.join(tmp, 'loop-a'), LIMIT)).toMatchObject({ refused: expect.stringContaining('loop') });
  });

  it('refuses bytes that are not UTF-8, with the line of the first', () => {
    const file = path.join(tmp, 'latin1.yaml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('a: 1\nb: 2\nc: caf'), Buffer.from([0xe9]), Buffer.from('\nd: \xff\n', 'latin1')]));
    expect(readInputFile(file, LIMIT)).toMatchObject({ refused: 'it is not UTF-8 text', line: 3 });
  });
});
