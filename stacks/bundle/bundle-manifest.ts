import * as path from 'path';
import { filesUnder, sha256File } from './package-hash';

/** The name of the bundle's checksum list. */
export const MANIFEST_FILE = 'MANIFEST.sha256';

/**
 * `MANIFEST.sha256`: one `sha256sum` line (`<hex>  <path>`) for every other file of the bundle, sorted by path,
 * so `sha256sum -c MANIFEST.sha256` in the bundle folder checks that nothing was changed, added to a listed file
 * or lost on the way into the enclave.
 */
export function renderManifest(bundleDir: string): string {
  return filesUnder(bundleDir)
    .filter((f) => f !== MANIFEST_FILE)
    .map((f) => `${sha256File(path.join(bundleDir, ...f.split('/')))}  ${f}\n`)
    .join('');
}
