import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { legacyZipHash, packageDirHash, packageZipHash } from '../../bundle';
import { sha256File, withFileHashes } from '../../bundle/package-hash';
import { terraformTest } from '../terraform-binary';
import { PACKED_MIRROR, PACKED_ZIP, stackRequiring, terraformLockFile, unpackedFakeMirror } from './fake-mirror';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-package-hash-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const withTerraform = terraformTest('the lock-file checksums are not compared with those terraform computes');

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const FAKE_STACK = stackRequiring('fake', 'example/fake', '1.0.0');

/** The `h1:` hashes of a lock file, in order. */
const lockHashes = (lock: string) => [...lock.matchAll(/"((?:h1|zh):[^"]+)"/g)].map((m) => m[1]);

describe('package checksums', () => {
  it('hashes an unpacked package as Go dirhash Hash1: sorted "<sha256>  <path>" lines, base64 of their SHA-256', () => {
    const dir = path.join(tmp, 'spec');
    fs.mkdirSync(path.join(dir, 'a'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'b.txt'), 'b\n');
    fs.writeFileSync(path.join(dir, 'a', 'c.txt'), 'c\n');
    const summary = `${sha256('c\n')}  a/c.txt\n${sha256('b\n')}  b.txt\n`;
    expect(packageDirHash(dir)).toBe(`h1:${createHash('sha256').update(summary).digest('base64')}`);
  });

  it('covers file names and contents but not file modes', () => {
    const dir = path.join(tmp, 'modes');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'plugin'), 'x');
    const before = packageDirHash(dir);
    fs.chmodSync(path.join(dir, 'plugin'), 0o700);
    expect(packageDirHash(dir)).toBe(before);
    fs.renameSync(path.join(dir, 'plugin'), path.join(dir, 'plugin2'));
    expect(packageDirHash(dir)).not.toBe(before);
  });

  it('gives a packed package "zh:" and the SHA-256 of the archive file', () => {
    expect(legacyZipHash(PACKED_ZIP)).toBe(`zh:${sha256(fs.readFileSync(PACKED_ZIP))}`);
  });

  withTerraform('computes for an unpacked package the h1 checksum terraform providers lock computes', () => {
    const mirror = unpackedFakeMirror(path.join(tmp, 'unpacked'));
    const ours = packageDirHash(path.join(mirror, 'registry.terraform.io/example/fake/1.0.0/linux_amd64'));
    expect(lockHashes(terraformLockFile(tmp, FAKE_STACK, mirror))).toEqual([ours]);
  }, 120_000);

  withTerraform('computes for a packed package (stored and deflated entries) the h1 checksum terraform providers lock computes', () => {
    expect(lockHashes(terraformLockFile(tmp, FAKE_STACK, PACKED_MIRROR))).toEqual([packageZipHash(PACKED_ZIP)]);
  }, 120_000);
});

describe('withFileHashes', () => {
  it('reads a file once however often it is hashed inside it, again once the file changed, and every time outside it', () => {
    const file = path.join(tmp, 'remembered.bin');
    fs.writeFileSync(file, 'first');
    // The fs module itself (the import above is a copy whose properties cannot be spied on).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const reads = jest.spyOn(require('fs') as typeof fs, 'readSync');
    try {
      const readsOf = () => reads.mock.calls.length;
      withFileHashes(() => {
        expect(sha256File(file)).toBe(sha256('first'));
        const afterFirst = readsOf();
        expect(sha256File(file)).toBe(sha256('first'));
        expect(sha256File(file, { followSymlink: false })).toBe(sha256('first'));
        expect(readsOf()).toBe(afterFirst);
        fs.writeFileSync(file, 'second, and longer');
        expect(sha256File(file)).toBe(sha256('second, and longer'));
        expect(readsOf()).toBeGreaterThan(afterFirst);
      });
      const before = readsOf();
      expect(sha256File(file)).toBe(sha256('second, and longer'));
      expect(readsOf()).toBeGreaterThan(before);
    } finally {
      reads.mockRestore();
    }
  });
});
