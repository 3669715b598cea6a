import type { PinnedProvider } from './provider-requirements';

/** The folder of the bundle that holds its filesystem mirror, and the mirror path in the CLI config. */
export const MIRROR_FOLDER = 'providers';

/**
 * The Terraform CLI configuration of a bundle (`terraform.rc`, named by `TF_CLI_CONFIG_FILE`): providers come
 * only from the bundle's filesystem mirror. There is no `direct` block, so a provider missing from the mirror
 * fails `terraform init` instead of being fetched from a registry. Terraform resolves a relative mirror path
 * against the folder it runs in (after `-chdir`), not against this file, so the bundle is run from its own
 * folder and stays relocatable.
 */
export function renderCliConfig(providers: readonly PinnedProvider[]): string {
  const include = providers.map((p) => JSON.stringify(p.address)).join(', ');
  return [
    '# Terraform CLI configuration of this bundle: providers are installed only from the filesystem mirror in',
    `# ${MIRROR_FOLDER}/, never from a registry. The path is relative to the folder terraform runs in: run terraform`,
    '# in the bundle folder (or with -chdir=BUNDLE), with TF_CLI_CONFIG_FILE set to the absolute path of this file.',
    'disable_checkpoint = true',
    '',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = "${MIRROR_FOLDER}"`,
    `    include = [${include}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}
