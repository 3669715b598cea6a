import * as fs from 'fs';
import * as path from 'path';

/** One thing found in a bundle folder, as `lstat` sees it: a link is itself, never what it points to. */
export interface BundleEntry {
  /** Relative to the bundle, with forward slashes. */
  readonly path: string;
  /**
   * `file`: a regular file; `symlink`: a symbolic link (to a file or a folder: it is not followed);
   * `other`: a FIFO, socket or device; `unreadable`: a file or folder that could not be examined or listed.
   */
  readonly kind: 'file' | 'symlink' | 'other' | 'unreadable';
  /** For a link, where it points (as written in the link); for an unreadable entry, why. */
  readonly detail?: string;
}

/**
 * Every entry under the bundle folder `dir`, sorted by path as bytes, folders left out. The walk uses `lstat` and
 * never descends into a linked folder, so nothing outside the bundle is listed; only `dir` itself may be a link
 * (it is the operator's argument). Never throws on what it finds: an entry it cannot read is reported as such.
 */
export function bundleEntries(dir: string): BundleEntry[] {
  const out: BundleEntry[] = [];
  const walk = (rel: string): void => {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(dir, ...rel.split('/').filter(Boolean)));
    } catch (e) {
      out.push({ path: rel || '.', kind: 'unreadable', detail: errorText(e) });
      return;
    }
    for (const name of names) {
      const child = rel ? `${rel}/${name}` : name;
      const full = path.join(dir, ...child.split('/'));
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(full);
      } catch (e) {
        out.push({ path: child, kind: 'unreadable', detail: errorText(e) });
        continue;
      }
      if (stat.isDirectory()) walk(child);
      else if (stat.isSymbolicLink()) out.push({ path: child, kind: 'symlink', detail: readLink(full) });
      else out.push({ path: child, kind: stat.isFile() ? 'file' : 'other' });
    }
  };
  walk('');
  return out.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

/**
 * Why `file` is not a safe path for a `MANIFEST.sha256` line, or `undefined` when it is: relative, with forward
 * slashes, naming a file inside the bundle. `sha256sum -c` would open whatever the line names, so a line must not
 * be able to reach outside the bundle by `..`, an absolute path, a drive letter or a backslash (a separator on
 * Windows, an escape in sha256sum's own format).
 */
export function unsafeManifestPath(file: string): string | undefined {
  if (/[\u0000-\u001f\u007f]/.test(file)) return 'has a control character in its path';
  if (file.includes('\\')) return 'has a backslash in its path; manifest paths use forward slashes only';
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file)) return 'is an absolute path, outside the bundle';
  const segments = file.split('/');
  if (segments.includes('..')) return 'has a ".." in its path, which leads outside the bundle';
  if (segments.some((s) => s === '' || s === '.')) return 'is not a plain relative path (an empty or "." part)';
  return undefined;
}

/**
 * Reads a regular file of a bundle without following a link at its last step (`O_NOFOLLOW`, where the platform
 * has it). The caller has already found `file` as a regular file by {@link bundleEntries}; this closes the gap in
 * which it could be swapped for a link before it is read.
 */
export function readBundleFile(file: string): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
  try {
    if (!fs.fstatSync(fd).isFile()) throw new Error('not a regular file');
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A path or text from a bundle made safe to print on one line: control characters (a newline, an ANSI escape) escaped. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The message of an error, with its code (`EACCES: permission denied, open '...'`), on one line. */
export function errorText(e: unknown): string {
  return printable(e instanceof Error ? e.message : String(e));
}

function readLink(full: string): string {
  try {
    return printable(fs.readlinkSync(full));
  } catch (e) {
    return errorText(e);
  }
}
