import * as path from 'path';
import { evaluateTenant } from '../../policy/tenant-rules/catalogue';
import { tenantReach } from '../../policy/tenant-rules/net';
import type { Finding } from '../../policy/finding';
import type { GovCloudConfig, LoadedTenant } from '../../loader/load-config';
import { UsageError } from '../../loader/usage-error';

/** The tenants of `config` named in `only` (all when undefined); an unknown name is a config error. */
export function selectTenants(config: GovCloudConfig, only?: readonly string[]): LoadedTenant[] {
  if (only === undefined) return [...config.tenants];
  const known = new Map(config.tenants.map((t) => [t.spec.name, t]));
  const unknown = only.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new UsageError(
      unknown.map((n) => ({
        file: path.join(config.dir, 'tenants'),
        field: '--tenant',
        message: `no tenant named "${n}"`,
        fix: `use one of: ${config.tenants.map((t) => t.spec.name).join(', ')}`,
      })),
    );
  }
  return [...new Set(only)].sort().map((n) => known.get(n)!);
}

/** Every finding (errors and warnings) of the selected tenants, in tenant order. */
export function evaluateTenants(config: GovCloudConfig, tenants: readonly LoadedTenant[]): Finding[] {
  const catalogue = [...config.sites.values()];
  const custodians = [...config.custodians.values()];
  return tenants.flatMap((t) =>
    evaluateTenant({
      tenant: t.spec.name,
      site: config.sites.get(t.spec.site)!,
      classification: config.classifications.get(t.spec.classification)!,
      keys: t.spec.keys,
      reach: tenantReach(t.spec),
      catalogue,
      custodians,
    }),
  );
}
