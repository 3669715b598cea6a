import type { GovCloudConfig } from '../../loader/load-config';
import type { SiteTenant } from '../../policy/site-audit';

// Apart from build-sites.ts, which loads cdktf: the pipeline asks which sites hold tenants without synthesizing.

/**
 * The sites that hold at least one tenant of `config`, or its recovery (its Vault audits the tenant's requests once
 * it serves them), by id in order, with their tenants in name order.
 */
export function sitesInUse(config: GovCloudConfig): Map<string, SiteTenant[]> {
  const bySite = new Map<string, SiteTenant[]>();
  for (const t of config.tenants) {
    for (const site of [t.spec.site, ...(t.spec.recovery ? [t.spec.recovery.site] : [])]) {
      const list = bySite.get(site) ?? [];
      list.push({ name: t.spec.name, classification: config.classifications.get(t.spec.classification)! });
      bySite.set(site, list);
    }
  }
  return new Map([...bySite].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
