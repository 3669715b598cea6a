import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { verifyBundle } from '../../bundle';
import { govcloudInProcess } from '../cli/run-govcloud';
import { enclaveBundle, sha256Of, tamper } from './enclave-bundle';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-verify-tampered-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const bundle = () => enclaveBundle(tmp);
const found = (dir: string) => verifyBundle(dir).map((p) => `${p.file}: ${p.found}`);

/** Moves a bundle entry out of the bundle and leaves a symbolic link to it in its place: same bytes, other place. */
function replaceWithLink(dir: string, rel: string): string {
  const outside = path.join(tmp, `outside-${path.basename(dir)}-${path.basename(rel)}`);
  fs.renameSync(path.join(dir, rel), outside);
  fs.symlinkSync(outside, path.join(dir, rel));
  return outside;
}

describe('verifyBundle on a bundle changed on its way (SUP-02)', () => {
  it('reports a cdk.tf.json with one byte flipped as not JSON, beside its checksum mismatch', () => {
    const dir = bundle();
    const file = path.join(dir, 'cdk.tf.json');
    const bytes = fs.readFileSync(file);
    bytes[0] ^= 0x01; // "{" becomes "z"
    fs.writeFileSync(file, bytes);
    expect(found(dir)).toEqual([
      'cdk.tf.json: cdk.tf.json does not match its checksum in MANIFEST.sha256: it was changed after the bundle was made',
      expect.stringMatching(/^cdk\.tf\.json: cdk\.tf\.json is not valid JSON \(.*\): the stack cannot be read/),
    ]);
  });

  it('exits 1 with an error SUP-02 line, not 3 with a stack trace, when cdk.tf.json is not JSON', async () => {
    const dir = bundle();
    tamper(dir, 'cdk.tf.json', (t) => `z${t.slice(1)}`);
    const r = await govcloudInProcess(['verify-bundle', dir]);
    expect(r.stderr).not.toContain('internal error');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error SUP-02 \S+\/cdk\.tf\.json: cdk\.tf\.json is not valid JSON \([^\n]*\): the stack cannot be read/m);
  });

  it('reports a provider left unpinned in a changed cdk.tf.json as a problem, not a crash', () => {
    const dir = bundle();
    tamper(dir, 'cdk.tf.json', (t) => t.replace('"version": "5.6.0"', '"version": "~> 5.6"'));
    expect(found(dir)).toEqual([expect.stringMatching(/^cdk\.tf\.json: provider vault \(registry\.terraform\.io\/hashicorp\/vault\) has version "~> 5\.6", a range/)]);
  });

  it('refuses a provider source in a changed cdk.tf.json that would lead the mirror lookup outside the bundle', () => {
    const dir = bundle();
    tamper(dir, 'cdk.tf.json', (t) => t.replace('"source": "hashicorp/vault"', '"source": "../../vault"'));
    expect(found(dir)).toEqual(['cdk.tf.json: provider vault has source "../../vault", which is not a registry address']);
  });

  it.each([
    ['a ".." path to a real file, with its real checksum', '../outside.txt', /has a "\.\." in its path/],
    ['a ".." path deep inside', 'providers/../../outside.txt', /has a "\.\." in its path/],
    ['an absolute path', '/etc/hostname', /is an absolute path/],
    ['a drive letter', 'C:/Windows/win.ini', /is an absolute path/],
    ['backslashes', '..\\outside.txt', /has a backslash/],
    ['a "." part', './cdk.tf.json', /is not a plain relative path/],
    ['an empty part', 'providers//README.md', /is not a plain relative path/],
    ['the manifest itself', 'MANIFEST.sha256', /is the manifest itself/],
  ])('refuses a manifest line with %s', (_what, listed, why) => {
    const dir = bundle();
    const outside = path.join(path.dirname(dir), 'outside.txt');
    fs.writeFileSync(outside, 'not part of the bundle\n');
    fs.appendFileSync(path.join(dir, 'MANIFEST.sha256'), `${sha256Of(outside)}  ${listed}\n`);
    // Line 9: the enclave bundle lists eight files (openbao-audit.hcl among them), then the appended line.
    expect(found(dir)).toEqual([expect.stringMatching(new RegExp(`^MANIFEST\\.sha256: MANIFEST\\.sha256 line 9 lists "[^"]+", which ${why.source}`))]);
  });

  it('refuses a manifest that lists a file twice', () => {
    const dir = bundle();
    const manifest = path.join(dir, 'MANIFEST.sha256');
    fs.appendFileSync(manifest, fs.readFileSync(manifest, 'utf8').split('\n')[2] + '\n');
    expect(found(dir)).toEqual(['MANIFEST.sha256: MANIFEST.sha256 line 9 lists cdk.tf.json again: every file is listed once']);
  });

  it('refuses a file replaced by a symbolic link to an identical file outside the bundle', () => {
    const dir = bundle();
    const outside = replaceWithLink(dir, 'VERIFY.md');
    expect(found(dir)).toEqual([`VERIFY.md: VERIFY.md is a symbolic link (to ${outside}): a bundle holds files and folders only, and a link can lead outside it`]);
  });

  it('refuses a manifest that is a symbolic link to an identical manifest outside the bundle', () => {
    const dir = bundle();
    replaceWithLink(dir, 'MANIFEST.sha256');
    expect(found(dir)).toEqual([
      expect.stringMatching(/^MANIFEST\.sha256: MANIFEST\.sha256 is a symbolic link/),
      'MANIFEST.sha256: MANIFEST.sha256 is not a regular file of the bundle',
    ]);
  });

  it('refuses a folder replaced by a symbolic link to an identical folder, without hashing what is behind it', () => {
    const dir = bundle();
    replaceWithLink(dir, 'providers/registry.terraform.io');
    const problems = found(dir);
    expect(problems[0]).toMatch(/^providers\/registry\.terraform\.io: providers\/registry\.terraform\.io is a symbolic link \(to /);
    // The files behind the link are not the bundle's: the manifest lines for them find nothing to hash.
    expect(problems.slice(1)).toEqual([
      expect.stringMatching(/terraform-provider-vault_v5\.6\.0 is listed in MANIFEST\.sha256 but is not a file in the bundle$/),
      expect.stringMatching(/terraform-provider-vsphere_v2\.15\.0 is listed in MANIFEST\.sha256 but is not a file in the bundle$/),
    ]);
  });

  it('refuses a symbolic link that leads nowhere, and a FIFO, as entries a bundle never holds', () => {
    const dir = bundle();
    fs.symlinkSync('/nonexistent/terraform.rc', path.join(dir, 'extra.rc'));
    const fifo = spawnSync('mkfifo', [path.join(dir, 'pipe')]);
    const expected = ['extra.rc: extra.rc is a symbolic link (to /nonexistent/terraform.rc): a bundle holds files and folders only, and a link can lead outside it'];
    if (fifo.status === 0) expected.push('pipe: pipe is not a regular file or folder (a FIFO, socket or device)');
    else console.warn('SKIPPED: mkfifo is not available; a FIFO in a bundle is not shown to be refused.');
    expect(found(dir)).toEqual(expected);
  });

  it('reports a bundle file that cannot be read as a problem, not a crash', () => {
    const dir = bundle();
    fs.rmSync(path.join(dir, 'terraform.rc'));
    fs.mkdirSync(path.join(dir, 'terraform.rc'));
    expect(found(dir)).toEqual([
      'terraform.rc: terraform.rc is listed in MANIFEST.sha256 but is not a file in the bundle',
      'terraform.rc: terraform.rc is not a regular file of the bundle',
    ]);
  });

  it('scans a terraform.rc of long blank runs and long words in linear time (it is untrusted input)', () => {
    const dir = bundle();
    tamper(dir, 'terraform.rc', (t) => '\n'.repeat(200_000) + t.replace('provider_installation {', `provider_installation {\n  ${'a'.repeat(100_000)}\n`));
    const started = Date.now();
    expect(found(dir)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
