import { isUtf8 } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Largest config file the loader reads (`sites.yaml`, `classifications.yaml`, a tenant file): 1 MiB. The
 * bundled catalogues are a few kilobytes; a config file a thousand times larger is a mistake or an attack, and
 * refusing it before reading keeps the parser, the schema and every message bounded.
 */
export const CONFIG_FILE_MAX_BYTES = 1024 * 1024;

/**
 * Largest Terraform JSON `govcloud check` and `govcloud review` read (a `cdk.tf.json`, `terraform show -json`
 * output): 64 MiB. A tenant's stack and its plan are well under a megabyte; the limit leaves room for plans far
 * larger than a tenant's while keeping `JSON.parse` inside the default heap.
 */
export const TERRAFORM_JSON_MAX_BYTES = 64 * 1024 * 1024;

/** Limits of one {@link readInputFile}. */
export interface InputFileLimits {
  /** Largest size accepted, in bytes. */
  readonly maxBytes: number;
  /**
   * A folder the file must be in once symbolic links are resolved, so that a link committed to a config folder
   * cannot make a command read (and quote in its messages) a file from elsewhere on the machine.
   * @default - the file may be anywhere
   */
  readonly within?: string;
}

/** The text of a file, or why it was not read (and, for text that is not UTF-8, the first line that is not). */
export type InputFileText = { readonly text: string } | { readonly refused: string; readonly fix: string; readonly line?: number };

/**
 * Reads `file` as UTF-8 text, refusing before it reads a byte anything that is not a regular file (a device such
 * as `/dev/zero`, a FIFO, a socket, a folder), a file over `limits.maxBytes`, and a file outside
 * `limits.within`; a file that is not valid UTF-8 is refused with the line of the first bad byte.
 * Never throws for a file that cannot be read: the caller turns the refusal into its own bad-input error.
 */
export function readInputFile(file: string, limits: InputFileLimits): InputFileText {
  let bytes: Buffer;
  try {
    const refusal = refuseByStat(fs.statSync(file), limits.maxBytes) ?? outside(file, limits.within);
    if (refusal) return refusal;
    bytes = readAtMost(file, limits.maxBytes);
  } catch (e) {
    return e instanceof InputRefused ? e.refusal : cannotRead(e);
  }
  if (!isUtf8(bytes)) {
    return { refused: 'it is not UTF-8 text', fix: 'save the file as UTF-8', line: firstLineNotUtf8(bytes) };
  }
  return { text: bytes.toString('utf8') };
}

/** `1 MiB`, `64 MiB`, or bytes for limits that are not whole mebibytes. */
export function describeBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

type Refusal = Extract<InputFileText, { refused: string }>;

/** Thrown inside {@link readAtMost} only, to carry a refusal found once the file is open. */
class InputRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.refused);
  }
}

function refuseByStat(stat: fs.Stats, maxBytes: number): Refusal | undefined {
  if (!stat.isFile()) {
    return { refused: `it is ${kindOf(stat)}, not a regular file`, fix: 'replace it with a regular file; devices, FIFOs, sockets and folders are never read' };
  }
  if (stat.size > maxBytes) return tooLarge(stat.size, maxBytes);
  return undefined;
}

function tooLarge(size: number | undefined, maxBytes: number): Refusal {
  const found = size === undefined ? 'it holds more than' : `it is ${size} bytes, over`;
  return { refused: `${found} the limit of ${describeBytes(maxBytes)}`, fix: `keep the file under ${describeBytes(maxBytes)}; split it, or remove what does not belong in it` };
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function outside(file: string, within: string | undefined): Refusal | undefined {
  if (within === undefined) return undefined;
  // The system's realpath, one call: Node's own walks the path with an lstat per component, for every file.
  const real = fs.realpathSync.native(file);
  const root = fs.realpathSync.native(within);
  if (real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return undefined;
  return { refused: `it is a symbolic link to ${real}, outside the folder ${within}`, fix: `copy the file into ${within} instead of linking to it` };
}

/** Size of the buffer {@link readAtMost} reads small files through. */
const SCRATCH_BYTES = 64 * 1024;
let scratch: Buffer | undefined;

/**
 * Opens without blocking (a FIFO swapped in after the stat would otherwise wait for a writer forever), checks
 * the open file again, then reads at most `maxBytes + 1` bytes: files such as those under /proc report a size
 * of 0 and may hold more.
 */
function readAtMost(file: string, maxBytes: number): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    const refusal = refuseByStat(stat, maxBytes);
    if (refusal) throw new InputRefused(refusal);
    const size = Math.min(maxBytes + 1, Math.max(stat.size + 1, SCRATCH_BYTES));
    // Every read is copied out of the chunk, so one scratch buffer serves every file up to its size: a fresh
    // 64 KiB per file was most of the garbage of loading 10,000 tenant files of a few hundred bytes.
    const chunk = size <= SCRATCH_BYTES ? (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)).subarray(0, size) : Buffer.allocUnsafe(size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (let n = fs.readSync(fd, chunk, 0, chunk.length, null); n > 0; n = fs.readSync(fd, chunk, 0, chunk.length, null)) {
      total += n;
      if (total > maxBytes) throw new InputRefused(tooLarge(undefined, maxBytes));
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

function cannotRead(e: unknown): Refusal {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { refused: 'no such file', fix: 'check the path' };
  if (code === 'ELOOP') return { refused: 'it is a loop of symbolic links', fix: 'replace the link with a regular file' };
  return { refused: `cannot read it (${code ?? (e as Error).message})`, fix: 'check the path and its permissions' };
}

/** 1-based line of the first byte that is not UTF-8; a newline byte never occurs inside a UTF-8 sequence. */
function firstLineNotUtf8(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (let end = bytes.indexOf(0x0a); ; end = bytes.indexOf(0x0a, start)) {
    if (!isUtf8(bytes.subarray(start, end < 0 ? bytes.length : end))) return line;
    if (end < 0) return line;
    start = end + 1;
    line++;
  }
}
