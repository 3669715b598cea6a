/**
 * The private files of the CLI's start-up caches (compile-cache.ts, resolve-cache.ts). Both hold what decides
 * which code runs (compiled bytes, module paths), so each must belong to the user running govcloud and be
 * writable by no one else, as must its folder; a file is read without following a symbolic link, and written
 * through a private temporary file renamed over it, so that a reader sees all of it or none.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';

/** `dir`, created private to this user if missing; throws when it exists and others could write to it. */
export function ownedFolder(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  assertPrivate(dir, fs.lstatSync(dir));
  return dir;
}

/** Throws unless `stat` (of `p`) belongs to this user and no one else may write to it. */
export function assertPrivate(p: string, stat: fs.Stats): void {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (stat.isSymbolicLink()) throw new Error(`${p} is a symbolic link`);
  if (uid !== undefined && stat.uid !== uid) throw new Error(`${p} belongs to another user`);
  if ((stat.mode & 0o022) !== 0) throw new Error(`${p} is writable by other users`);
}

/**
 * Characters of a string hashed at a time. Hashing a string encodes it to UTF-8 first; a piece this size fits the
 * allocator's reused memory, where a whole module of 600 KB took fresh pages, and on this virtual machine each
 * fresh 4 KB page costs a page fault of about 15 µs (docs/benchmark.md).
 */
export const HASH_PIECE = 16_384;

/** The SHA-256 of `text` (a string as its UTF-8 bytes), in hex. */
export function hashOf(text: string | Buffer): string {
  const hash = crypto.createHash('sha256');
  if (typeof text !== 'string' || text.length <= HASH_PIECE) return hash.update(text).digest('hex');
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + HASH_PIECE, text.length);
    // Never between the two halves of a surrogate pair, which UTF-8 encodes as one character: the pieces' bytes are
    // then exactly the whole string's.
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < text.length) end++;
    hash.update(text.slice(start, end));
    start = end;
  }
  return hash.digest('hex');
}

/** `file` opened for reading, when it exists, is no symbolic link and is private (else it throws). */
export function openPrivate(file: string): number {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  try {
    assertPrivate(file, fs.fstatSync(fd));
    return fd;
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** Writes `bytes` to `file` through a private temporary file renamed over it; a failure leaves `file` as it was. */
export function writePrivately(file: string, bytes: Buffer | string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, bytes, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

/** One buffer, grown when asked for more than it holds, that many reads go into in turn (fresh memory costs page faults). */
export class Scratch {
  private buffer = Buffer.alloc(0);

  /** The shared buffer's first `length` bytes (what they hold is whatever was read last). */
  take(length: number): Buffer {
    if (this.buffer.length < length) this.buffer = Buffer.allocUnsafeSlow(Math.max(length, 2 * this.buffer.length));
    return this.buffer.subarray(0, length);
  }
}
