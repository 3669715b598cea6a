/**
 * The checksums Terraform records in `.terraform.lock.hcl` for a provider package, computed as Terraform computes
 * them (`internal/getproviders`):
 * - `h1:` is Go's `dirhash.Hash1` (golang.org/x/mod/sumdb/dirhash) over the package's files: one line
 *   `<hex sha256 of the file>  <path relative to the package, forward slashes>\n` per file, sorted by path as
 *   bytes, hashed with SHA-256 and written in standard base64. Terraform hashes an unpacked package directory
 *   with `HashDir` and a packed `.zip` with `HashZip` (the names stored in the archive, directories included).
 * - `zh:` is the hex SHA-256 of a `.zip` archive itself (the legacy scheme the registry signs).
 * File modes and times are not hashed.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { forEachZipEntry } from './zip-entries';

/** Options of {@link sha256File}. */
export interface Sha256FileOptions {
  /**
   * Whether a symbolic link at the last step of `file` is followed. Bundle checks pass `false`: a link in a
   * bundle can point anywhere on the machine that checks it, and must be refused, never hashed.
   * @default true - as Terraform hashes a package, where a linked file counts as its target
   */
  readonly followSymlink?: boolean;
}

/** How much of a file {@link sha256File} reads at a time. */
const READ_CHUNK_BYTES = 8 * 1024 * 1024;
/**
 * The buffer {@link sha256File} reads into: one for the process, allocated at first use and never zero-filled
 * (only the bytes a read returned are hashed). A fresh zeroed buffer per call cost more than hashing a small file:
 * a bundle's manifest hashes every one of its files, and the 8 MiB were written and their pages faulted in each time.
 */
let readBuffer: Buffer | undefined;

/** The hashes {@link sha256File} computed inside {@link withFileHashes}, by the file they were read from. */
let remembered: Map<string, string> | undefined;

/**
 * Runs `build` with {@link sha256File} hashing each file once: a file read again (the same device, inode, size
 * and modification time) gives the hash of its first read. For one piece of work that writes files and then
 * hashes them several times over without changing them, as a bundle does its provider packages (the lock file,
 * the manifest, then the check of both): a provider binary is hundreds of megabytes. Outside `build`, every call
 * reads the file.
 */
export function withFileHashes<T>(build: () => T): T {
  const outer = remembered;
  remembered = outer ?? new Map();
  try {
    return build();
  } finally {
    remembered = outer;
  }
}

/**
 * Hex SHA-256 of a file, read in chunks so a large provider binary is never held whole in memory. With
 * `followSymlink: false`, a link or anything but a regular file throws instead of being read.
 */
export function sha256File(file: string, options: Sha256FileOptions = {}): string {
  const noFollow = options.followSymlink === false ? (fs.constants.O_NOFOLLOW ?? 0) : 0;
  const fd = fs.openSync(file, fs.constants.O_RDONLY | noFollow);
  try {
    const stat = noFollow || remembered ? fs.fstatSync(fd, { bigint: true }) : undefined;
    if (noFollow && !stat!.isFile()) throw new Error(`${file} is not a regular file`);
    const key = stat && `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
    const known = key && remembered?.get(key);
    if (known) return known;
    const hash = createHash('sha256');
    // Synchronous from here to the digest, so no other call can use the buffer meanwhile.
    const buf = (readBuffer ??= Buffer.allocUnsafe(READ_CHUNK_BYTES));
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
    const hex = hash.digest('hex');
    if (key) remembered?.set(key, hex);
    return hex;
  } finally {
    fs.closeSync(fd);
  }
}

/** `dirhash.Hash1` over (name, hex sha256) pairs. */
function hash1(files: ReadonlyArray<{ readonly name: string; readonly sha256: string }>): string {
  const sorted = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const summary = createHash('sha256');
  for (const f of sorted) {
    if (f.name.includes('\n')) throw new Error(`file name with a newline cannot be hashed: ${JSON.stringify(f.name)}`);
    summary.update(`${f.sha256}  ${f.name}\n`);
  }
  return `h1:${summary.digest('base64')}`;
}

/**
 * Every entry under `dir` that is not a folder, relative with forward slashes, sorted as bytes: the file list
 * Go's `dirhash` walks for a package. A symbolic link is listed, not descended into (the walk reads entry types
 * as `lstat` does), and {@link sha256File} then reads a linked file's target, as `dirhash` does. A bundle is
 * never listed with this: {@link bundleEntries} tells links apart so they can be refused.
 */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** The `h1:` hash of an unpacked provider package directory (`.../VERSION/OS_ARCH/`). */
export function packageDirHash(dir: string): string {
  const real = fs.realpathSync(dir);
  return hash1(filesUnder(real).map((name) => ({ name, sha256: sha256File(path.join(real, name)) })));
}

/** The `h1:` hash of the contents of a packed provider package (`terraform-provider-TYPE_VERSION_OS_ARCH.zip`). */
export function packageZipHash(zip: string): string {
  const files: Array<{ name: string; sha256: string }> = [];
  forEachZipEntry(fs.realpathSync(zip), (entry) => files.push({ name: entry.name, sha256: createHash('sha256').update(entry.read()).digest('hex') }));
  return hash1(files);
}

/** The `zh:` hash of a packed provider package: the SHA-256 of the archive file. */
export function legacyZipHash(zip: string): string {
  return `zh:${sha256File(zip)}`;
}
