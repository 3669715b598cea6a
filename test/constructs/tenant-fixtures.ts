import type { Construct } from 'constructs';
import { SiteInventory } from '../../constructs/site-inventory';
import type { TenantPlacement } from '../../policy/placement';
import type { TenantSpec } from '../../policy/model';
import { healthClass, luSite } from '../policy/fixtures';

/** A health tenant on the LU test site that every rule accepts. */
export function placement(over: Partial<TenantPlacement> = {}): TenantPlacement {
  return { tenant: 'dsp', site: luSite(), classification: healthClass(), ...over };
}

/** A tenant spec matching {@link placement}: 2 app VMs with one disk, 1 db VM with two data disks. */
export function tenantSpec(over: Partial<TenantSpec> = {}): TenantSpec {
  return {
    name: 'dsp',
    classification: 'health',
    site: 'lu-test',
    owner: { organisation: 'Agence', contact: 'ops@agence.lu' },
    network: { vlan: 210, cidr: '10.21.0.0/24' },
    vms: [
      { name: 'app', count: 2, cpus: 2, memoryMb: 4096, diskGb: 40, dataDisksGb: [], template: 'rhel9' },
      { name: 'db', count: 1, cpus: 4, memoryMb: 8192, diskGb: 40, dataDisksGb: [100, 200], template: 'rhel9' },
    ],
    keys: { rotationDays: 90, deletionAllowed: false },
    suppressions: [],
    ...over,
  };
}

/** A site inventory of `p`'s site in `scope`. */
export function inventoryIn(scope: Construct, p: TenantPlacement = placement()): SiteInventory {
  return new SiteInventory(scope, 'site', p);
}

/** The resources of `type` in a synthesized JSON string, keyed by their logical id. */
export function resourcesOf(synth: string, type: string): Record<string, Record<string, unknown>> {
  return (JSON.parse(synth) as { resource?: Record<string, Record<string, Record<string, unknown>>> }).resource?.[type] ?? {};
}
