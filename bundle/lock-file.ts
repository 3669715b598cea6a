import type { PinnedProvider } from './provider-requirements';

/** The checksums of one provider's packages, as they go into the lock file. */
export interface LockedProvider {
  readonly provider: PinnedProvider;
  /** `h1:` and `zh:` checksums of every package carried, any order (they are sorted and deduplicated). */
  readonly hashes: readonly string[];
}

/**
 * `.terraform.lock.hcl` as `terraform init` writes it: providers sorted by address, `version` and `constraints`
 * both the one pinned version (Terraform writes `= 2.15.0` as `2.15.0`), checksums sorted. Written the way
 * Terraform formats it, so an init that accepts it leaves it byte-identical.
 */
export function renderLockFile(locked: readonly LockedProvider[]): string {
  const blocks = [...locked]
    .sort((a, b) => (a.provider.address < b.provider.address ? -1 : a.provider.address > b.provider.address ? 1 : 0))
    .map(({ provider, hashes }) =>
      [
        `provider "${provider.address}" {`,
        `  version     = "${provider.version}"`,
        `  constraints = "${provider.version}"`,
        '  hashes = [',
        ...[...new Set(hashes)].sort().map((h) => `    "${h}",`),
        '  ]',
        '}',
      ].join('\n'),
    );
  return ['# This file is maintained automatically by "terraform init".', '# Manual edits may be lost in future updates.', '', blocks.join('\n\n'), ''].join('\n');
}
