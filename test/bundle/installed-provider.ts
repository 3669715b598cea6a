import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A provider plugin already on this machine, in Terraform's `HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/` layout. */
export interface InstalledProvider {
  /** The plugin folder it was found under. */
  readonly root: string;
  readonly hostname: string;
  readonly namespace: string;
  readonly type: string;
  readonly version: string;
  readonly platform: string;
  /** The `OS_ARCH` folder holding the plugin binary. */
  readonly dir: string;
}

/** Where images and operators usually put provider plugins (Terraform's implied local mirrors among them). */
export function pluginRoots(): string[] {
  const home = os.homedir();
  return [
    '/opt/tf-plugins',
    path.join(home, '.terraform.d', 'plugins'),
    '/usr/share/terraform/plugins',
    '/usr/local/share/terraform/plugins',
    path.join(home, '.local', 'share', 'terraform', 'plugins'),
    ...(process.env.TF_PLUGIN_CACHE_DIR ? [process.env.TF_PLUGIN_CACHE_DIR] : []),
  ];
}

/** This machine's platform as Terraform names it (`linux_amd64`). */
export function currentPlatform(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${process.platform}_${arch}`;
}

/**
 * Finds a `terraform-provider-TYPE*` binary for this platform under the usual plugin folders, or says where it
 * looked. Nothing is downloaded: the offline tests use only what the machine already has.
 */
export function findInstalledProvider(type: string, roots: readonly string[] = pluginRoots()): InstalledProvider | { readonly searched: readonly string[] } {
  const platform = currentPlatform();
  const dirs = (p: string) => (fs.existsSync(p) && fs.statSync(p).isDirectory() ? fs.readdirSync(p).sort() : []);
  for (const root of roots) {
    for (const hostname of dirs(root)) {
      for (const namespace of dirs(path.join(root, hostname))) {
        const typeDir = path.join(root, hostname, namespace, type);
        for (const version of dirs(typeDir).reverse()) {
          const dir = path.join(typeDir, version, platform);
          if (dirs(dir).some((f) => f.startsWith(`terraform-provider-${type}`))) return { root, hostname, namespace, type, version, platform, dir };
        }
      }
    }
  }
  return { searched: roots };
}
