import type { GovCloudConfig } from '../loader/load-config';

/** `file:line` of a tenant's field in the loaded config, for findings that name a tenant and a field. */
export function fieldLocator(config: GovCloudConfig): (tenant: string, field: string) => string | undefined {
  const byName = new Map(config.tenants.map((t) => [t.spec.name, t]));
  return (tenant, field) => byName.get(tenant)?.locate(field);
}
