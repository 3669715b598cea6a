import * as fs from 'fs';
import * as path from 'path';
import { stableJson } from '../../policy/stable-json';

/** The part of cdktf's `manifest.json` that a partial synth merges. */
export interface Manifest {
  version: string;
  stacks: Record<string, unknown>;
}

export function readManifest(dir: string): Manifest | undefined {
  const file = path.join(dir, 'manifest.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest) : undefined;
}

export function writeManifest(dir: string, manifest: Manifest): void {
  fs.writeFileSync(path.join(dir, 'manifest.json'), stableJson(manifest, { space: 2 }) ?? '');
}
