import { formatFinding } from '../policy/finding';
import { BundleRefused, bundleTenant, MIRROR_FOLDER } from '../bundle';
import { loadConfig, type GovCloudConfig } from '../loader/load-config';
import { EXIT } from './exit-codes';
import { reportFailure } from './report-failure';

/** Options of `govcloud bundle`. */
export interface BundleCommandOptions {
  readonly config: string;
  readonly out: string;
  readonly providerMirror?: string;
}

/**
 * `govcloud bundle TENANT --out DIR [--provider-mirror DIR]`: writes what an operator carries into an enclave to
 * run the tenant's stack offline. Returns the exit code: 1 when the tenant is refused (as synth refuses it) or a
 * provider is not pinned, 2 on bad config or arguments; nothing is written then.
 */
export function runBundle(tenant: string, opts: BundleCommandOptions): number {
  let config: GovCloudConfig | undefined;
  try {
    config = loadConfig(opts.config);
    const result = bundleTenant(config, tenant, { outDir: opts.out, providerMirror: opts.providerMirror });
    const locate = locator(config);
    for (const w of result.synth.warnings) console.error(formatFinding(w, locate));
    console.log(`bundled ${tenant} into ${opts.out} (${result.files.length} files, listed in MANIFEST.sha256)`);
    for (const p of result.providers) {
      const packages = result.packages.filter((k) => k.provider.address === p.address).map((k) => `${k.platform} ${k.layout}`);
      console.log(`  ${p.address} ${p.version}: ${packages.length ? packages.join(', ') : `not carried (add it to ${MIRROR_FOLDER}/, or bundle with --provider-mirror)`}`);
    }
    console.log(`next: read ${opts.out}/VERIFY.md; in the enclave, sha256sum -c MANIFEST.sha256, then TF_CLI_CONFIG_FILE="$PWD/terraform.rc" terraform init`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof BundleRefused) {
      console.error(`govcloud bundle: ${e.message}\nnothing was written.`);
      return EXIT.refused;
    }
    return reportFailure('bundle', e, config && locator(config));
  }
}

/** `file:line` of a tenant's field, from the loaded config. */
function locator(config: GovCloudConfig): (tenant: string, field: string) => string | undefined {
  const byName = new Map(config.tenants.map((t) => [t.spec.name, t]));
  return (tenant, field) => byName.get(tenant)?.locate(field);
}
