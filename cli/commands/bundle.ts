import type { Command } from 'commander';
import type { GovCloudConfig } from '../../loader/load-config';
import { configOption } from '../options';
import { fieldLocator } from '../config-locator';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud bundle`, as declared below. */
export interface BundleOptions {
  /** The bundle folder to create (new or empty). */
  readonly out: string;
  /**
   * Terraform filesystem mirror holding the exact provider versions the stack pins.
   * @default - no provider is carried
   */
  readonly providerMirror?: string;
  readonly config: string;
}

/** Declares `govcloud bundle`. */
export function register(program: Command): void {
  program
    .command('bundle')
    .description('Write what an operator carries into an enclave to run one tenant offline: its stack, a mirror-only Terraform CLI config, the providers and their lock file (with --provider-mirror), MANIFEST.sha256 and VERIFY.md.')
    .argument('<tenant>', 'tenant name')
    .requiredOption('--out <dir>', 'bundle folder to create (new or empty)')
    .option('--provider-mirror <dir>', 'Terraform filesystem mirror holding the exact provider versions the stack pins')
    .addOption(configOption())
    .action(async (tenant: string, opts: BundleOptions) => {
      process.exitCode = await runBundle(tenant, opts);
    });
}

/**
 * `govcloud bundle TENANT --out DIR [--provider-mirror DIR]`: writes what an operator carries into an enclave to
 * run the tenant's stack offline. Returns the exit code: 1 when the tenant is refused (as synth refuses it) or a
 * provider is not pinned, 2 on bad config or arguments; nothing is written then.
 */
export async function runBundle(tenant: string, opts: BundleOptions): Promise<number> {
  const { findingLines } = await import('../../policy/finding-lines');
  const { BundleRefused, bundleTenant, MIRROR_FOLDER } = await import('../../bundle');
  const { loadConfig } = await import('../../loader/load-config');
  let config: GovCloudConfig | undefined;
  try {
    config = loadConfig(opts.config);
    const result = bundleTenant(config, tenant, { outDir: opts.out, providerMirror: opts.providerMirror });
    const locate = fieldLocator(config);
    for (const line of findingLines(result.synth.warnings, { locate })) console.error(line);
    console.log(`bundled ${tenant} into ${opts.out} (${result.files.length} files, listed in MANIFEST.sha256)`);
    for (const p of result.providers) {
      const packages = result.packages.filter((k) => k.provider.address === p.address).map((k) => `${k.platform} ${k.layout}`);
      console.log(`  ${p.address} ${p.version}: ${packages.length ? packages.join(', ') : `not carried in ${MIRROR_FOLDER}/`}`);
    }
    if (result.providers.some((p) => !result.packages.some((k) => k.provider.address === p.address))) {
      // A file added to providers/ afterwards would break MANIFEST.sha256: the only fix is a new bundle.
      console.error(`warning: the bundle carries no package of some providers; terraform init inside the enclave will fail on them and govcloud verify-bundle refuses it. Make it again with --provider-mirror DIR (terraform providers mirror DIR writes one).`);
    }
    console.log(`next: read ${opts.out}/VERIFY.md; in the enclave, sha256sum -c MANIFEST.sha256, then TF_CLI_CONFIG_FILE="$PWD/terraform.rc" terraform init`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof BundleRefused) {
      console.error(`govcloud bundle: ${e.message}\nnothing was written.`);
      return EXIT.refused;
    }
    return reportFailure('bundle', e, config && fieldLocator(config));
  }
}
