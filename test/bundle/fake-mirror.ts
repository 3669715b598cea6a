import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { offlineTerraformEnv } from '../terraform-binary';

/** The packed mirror committed as a fixture: `example/fake` 1.0.0 for linux_amd64, one stored and one deflated entry. */
export const PACKED_MIRROR = path.resolve(__dirname, '../fixtures/bundle/packed-mirror');
export const PACKED_ZIP = path.join(PACKED_MIRROR, 'registry.terraform.io/example/fake/terraform-provider-fake_1.0.0_linux_amd64.zip');

/** A stack JSON that requires only `source` at `version`. */
export function stackRequiring(name: string, source: string, version: string): string {
  return `${JSON.stringify({ terraform: { required_providers: { [name]: { source, version } } } }, null, 2)}\n`;
}

/**
 * An unpacked mirror under `root` holding `example/fake` 1.0.0 for `platforms`: stand-in files (Terraform hashes
 * them without running them), one of them in a subfolder, so path order and separators count.
 */
export function unpackedFakeMirror(root: string, platforms: readonly string[] = ['linux_amd64']): string {
  for (const platform of platforms) {
    const dir = path.join(root, 'registry.terraform.io', 'example', 'fake', '1.0.0', platform);
    fs.mkdirSync(path.join(dir, 'docs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'terraform-provider-fake_v1.0.0'), `#!/bin/sh\n# stand-in for ${platform}\nexit 1\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'LICENSE.txt'), 'Fake licence.\n');
    fs.writeFileSync(path.join(dir, 'docs', 'README.md'), `fake ${platform}\n`);
  }
  return root;
}

/** Runs the real terraform offline in `dir` (no registry, a proxy nobody listens on). */
export function terraform(dir: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; output: string } {
  const env = offlineTerraformEnv(dir, extraEnv);
  if (!fs.existsSync(env.TF_CLI_CONFIG_FILE!)) fs.writeFileSync(env.TF_CLI_CONFIG_FILE!, '');
  const r = spawnSync('terraform', [...args, '-no-color'], { cwd: dir, env, encoding: 'utf8', timeout: 300_000 });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/**
 * The lock file Terraform itself writes for `stackJson` from the filesystem mirror `mirror`
 * (`terraform providers lock -fs-mirror`), computed in a scratch folder under `scratch`.
 */
export function terraformLockFile(scratch: string, stackJson: string, mirror: string, platforms: readonly string[] = ['linux_amd64']): string {
  const dir = fs.mkdtempSync(path.join(scratch, 'tf-lock-'));
  fs.writeFileSync(path.join(dir, 'main.tf.json'), stackJson);
  const r = terraform(dir, ['providers', 'lock', `-fs-mirror=${mirror}`, ...platforms.map((p) => `-platform=${p}`)]);
  if (r.status !== 0) throw new Error(`terraform providers lock failed:\n${r.output}`);
  return fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8');
}
