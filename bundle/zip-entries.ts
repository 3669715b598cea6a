import * as fs from 'fs';
import * as zlib from 'zlib';

/** One entry of a zip archive: its name as stored, and a way to read its uncompressed bytes. */
export interface ZipEntry {
  /** The name exactly as the archive stores it (forward slashes; directories end in `/`). */
  readonly name: string;
  /** Reads and, where needed, inflates the entry. */
  read(): Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * Calls `visit` with every entry of the zip archive `file`, in the order of its central directory. Only what
 * provider packages use is read: stored and deflated entries of archives under 4 GiB (no ZIP64). Entries are
 * read one at a time, so a large provider binary is held in memory once, not the whole archive.
 */
export function forEachZipEntry(file: string, visit: (entry: ZipEntry) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const read = (offset: number, length: number): Buffer => {
      const buf = Buffer.alloc(length);
      const n = fs.readSync(fd, buf, 0, length, offset);
      if (n !== length) throw new Error(`${file}: truncated zip archive`);
      return buf;
    };
    // The end-of-central-directory record is the last 22 bytes, followed by a comment of up to 64 KiB.
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = read(size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${file}: not a zip archive (no end of central directory)`);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff) throw new Error(`${file}: ZIP64 archives are not supported`);
    const cd = read(cdOffset, cdSize);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (cd.readUInt32LE(p) !== CENTRAL_FILE_HEADER) throw new Error(`${file}: corrupt central directory`);
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      p += 46 + nameLength + extraLength + commentLength;
      if (method !== STORED && method !== DEFLATED) throw new Error(`${file}: entry ${name} uses compression method ${method}; only stored and deflated entries are supported`);
      visit({
        name,
        read: () => {
          const local = read(localOffset, 30);
          if (local.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new Error(`${file}: corrupt local header of ${name}`);
          const start = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
          const data = read(start, compressedSize);
          return method === STORED ? data : zlib.inflateRawSync(data);
        },
      });
    }
  } finally {
    fs.closeSync(fd);
  }
}
