import * as path from 'path';
import { evaluateTenant } from '../../policy/tenant-rules/catalogue';
import { tenantReach } from '../../policy/tenant-rules/net';
import { recoveryPlacement } from '../../policy/tenant-rules/avl';
import type { Finding } from '../../policy/finding';
import type { TenantPolicyInput } from '../../policy/tenant-rules/tenant-rule';
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

/**
 * What the tenant rules are asked about one tenant of `config`: its site and classification, its keys and the hosts
 * it reaches, and the whole catalogue and its custodians (so fixes name other sites and custodians are judged).
 */
export function tenantPolicyInput(config: GovCloudConfig, t: LoadedTenant): TenantPolicyInput {
  return {
    tenant: t.spec.name,
    site: config.sites.get(t.spec.site)!,
    classification: config.classifications.get(t.spec.classification)!,
    keys: t.spec.keys,
    reach: tenantReach(t.spec),
    vms: t.spec.vms,
    recovery: recoveryPlacement(t.spec.recovery, [...config.sites.values()]),
    catalogue: [...config.sites.values()],
    custodians: [...config.custodians.values()],
    ...(config.components ? { components: config.components } : {}),
  };
}

/** Every finding (errors and warnings) of the selected tenants, in tenant order. */
export function evaluateTenants(config: GovCloudConfig, tenants: readonly LoadedTenant[]): Finding[] {
  return tenants.flatMap((t) => evaluateTenant(tenantPolicyInput(config, t)));
}
