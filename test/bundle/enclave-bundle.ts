import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { bundleTenant } from '../../bundle';
import { loadConfig } from '../../loader/load-config';

let n = 0;

/** A mirror under `scratch` with stand-in packages of the enclave tenant's two pinned providers. */
export function enclaveMirror(scratch: string): string {
  const root = path.join(scratch, `mirror-${++n}`);
  for (const rel of [
    'registry.terraform.io/vmware/vsphere/2.15.0/linux_amd64/terraform-provider-vsphere_v2.15.0',
    'registry.terraform.io/hashicorp/vault/5.6.0/linux_amd64/terraform-provider-vault_v5.6.0',
  ]) {
    fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), `stand-in ${rel}\n`, { mode: 0o755 });
  }
  return root;
}

/** The first bundle made under each scratch folder, which the later ones copy. */
const made = new Map<string, string>();

/**
 * A fresh bundle under `scratch` of the example enclave tenant, with stand-in provider packages: the first one
 * is made by `bundleTenant`, the others are byte-for-byte copies of it (a bundle holds relative paths only, so it
 * is the same wherever it lies), for a test to change.
 */
export function enclaveBundle(scratch: string): string {
  const out = path.join(scratch, `bundle-${++n}`);
  const first = made.get(scratch);
  if (first) {
    fs.cpSync(first, out, { recursive: true, preserveTimestamps: true });
    return out;
  }
  bundleTenant(loadConfig(path.resolve('config')), 'enclave-analytics', { outDir: out, providerMirror: enclaveMirror(scratch) });
  const template = path.join(scratch, `bundle-template-${n}`);
  fs.cpSync(out, template, { recursive: true, preserveTimestamps: true });
  made.set(scratch, template);
  return out;
}

/** Hex SHA-256 of a file's bytes. */
export const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Rewrites a bundle file and its manifest line, as someone who knows the manifest would. */
export function tamper(dir: string, file: string, change: (text: string) => string): void {
  const full = path.join(dir, file);
  fs.writeFileSync(full, change(fs.readFileSync(full, 'utf8')));
  const manifest = path.join(dir, 'MANIFEST.sha256');
  fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace(new RegExp(`^[0-9a-f]{64}  ${file.replace(/\./g, '\\.')}$`, 'm'), `${sha256Of(full)}  ${file}`));
}
