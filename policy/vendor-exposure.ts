/**
 * Each tenant's vendor and licence exposure (S6, economic sovereignty): every component it depends on, with its
 * vendor, its licence and the exposure in the licence's own metric computed from the tenant; totals per vendor across
 * tenants; and what remains of a single vendor with no alternative this toolkit supports. Pure: tenants, sites and
 * the components catalogue in, a report out, in a stable order.
 */
import type { ComponentCatalogue, ComponentKind, LicenceMetric, ResolvedComponent, Site, TenantVmGroup, ToolkitSupport } from './model';
import { isEuVendor, isOpenLicence } from './model';
import { componentsOfSite } from './site-components';

/** The exposure of one tenant to one licence, in the licence's own unit, or why it cannot be computed from the tenant. */
export interface Exposure {
  /**
   * How much of the metric the tenant brings.
   * @default - not computable from what the tenant declares (see `basis`)
   */
  readonly amount?: number;
  /** The unit of `amount` (`vCPU`, `VM`, `namespace`), or `none` when the licence charges nothing. */
  readonly unit: string;
  /** How the amount was computed, and what the licence really counts. */
  readonly basis: string;
}

/** One component of one tenant, with its vendor, licence, exposure and alternatives. */
export interface ComponentExposure {
  readonly id: string;
  readonly kind: ComponentKind;
  readonly name: string;
  readonly vendor: { readonly id: string; readonly name: string; readonly jurisdictions: readonly string[]; readonly eu: boolean };
  readonly licence: { readonly id: string; readonly open: boolean; readonly metric: LicenceMetric; readonly minimumCoresPerCpu?: number; readonly note?: string };
  /** Why the tenant depends on it. */
  readonly because: string;
  readonly exposure: Exposure;
  readonly alternatives: readonly { readonly id: string; readonly name: string; readonly toolkitSupport: ToolkitSupport; readonly note: string }[];
  /** Not under an open licence, and no alternative this toolkit supports (yes or partial). */
  readonly singleVendorWithoutSupportedAlternative: boolean;
  readonly sources: readonly string[];
}

/** One tenant's components. */
export interface TenantVendorExposure {
  readonly tenant: string;
  readonly site: string;
  readonly components: readonly ComponentExposure[];
}

/** One vendor across the tenants: who depends on it, through which components, and the summed exposure per unit. */
export interface VendorTotal {
  readonly vendor: string;
  readonly name: string;
  readonly jurisdictions: readonly string[];
  readonly components: readonly string[];
  readonly tenants: readonly string[];
  /** Summed amounts per unit, for the metrics that could be computed (`vCPU` on a per-core hypervisor, say). */
  readonly exposure: readonly { readonly unit: string; readonly amount: number }[];
  /** Per unit that could not be computed from the tenants (`client`, `host`), how many tenants it is owed for. */
  readonly uncounted: readonly { readonly unit: string; readonly tenants: number }[];
}

/** A component of a single vendor with no alternative this toolkit supports, and the tenants that depend on it. */
export interface SingleVendorDependency {
  readonly component: string;
  readonly name: string;
  readonly vendor: string;
  readonly euVendor: boolean;
  readonly tenants: readonly string[];
}

/** What `govcloud vendors` prints and evidence records carry. */
export interface VendorsReport {
  /** False when the config has no components catalogue: nothing below is known. */
  readonly catalogue: boolean;
  readonly tenants: readonly TenantVendorExposure[];
  readonly totals: readonly VendorTotal[];
  readonly singleVendor: readonly SingleVendorDependency[];
}

/** What the report needs of a tenant: its name, its site and its VMs. */
export interface ExposedTenant {
  readonly name: string;
  readonly site: Site;
  readonly vms: readonly Pick<TenantVmGroup, 'count' | 'cpus'>[];
}

/** The exposure of `tenant` to a licence counting `metric`. */
export function exposureOf(metric: LicenceMetric, tenant: ExposedTenant, minimumCoresPerCpu?: number): Exposure {
  const vcpus = tenant.vms.reduce((n, vm) => n + vm.count * vm.cpus, 0);
  const vms = tenant.vms.reduce((n, vm) => n + vm.count, 0);
  switch (metric) {
    case 'per-core':
      return {
        amount: vcpus,
        unit: 'vCPU',
        basis: `sum of count x cpus of the tenant's VMs; the licence counts the physical cores of every host that runs them${minimumCoresPerCpu ? ` (at least ${minimumCoresPerCpu} per CPU)` : ''}, so this is the tenant's share of the demand, not a licence count`,
      };
    case 'per-vm':
      return { amount: vms, unit: 'VM', basis: "the tenant's VMs (sum of count)" };
    case 'per-namespace': {
      const namespaced = tenant.site.vault.edition !== 'community';
      return { amount: namespaced ? 1 : 0, unit: 'namespace', basis: namespaced ? 'the tenant gets one namespace' : 'a mount prefix, no namespace (Vault community)' };
    }
    case 'per-node':
      return { unit: 'host', basis: "the hosts of the site's cluster: not known from the tenant" };
    case 'per-client':
      return { unit: 'client', basis: 'clients active in a billing period, counted by the product at run time: not known from the declaration' };
    case 'none':
      return { unit: 'none', basis: 'no fee under this licence' };
    case 'unknown':
      return { unit: 'unknown', basis: 'the licence metric is not recorded' };
  }
}

function componentExposure(r: ResolvedComponent, tenant: ExposedTenant, catalogue: ComponentCatalogue): ComponentExposure {
  const { component: c, vendor: v } = r;
  const open = isOpenLicence(c.licence);
  const alternatives = c.alternatives.map((a) => ({ id: a.component, name: catalogue.components.get(a.component)?.name ?? a.component, toolkitSupport: a.toolkitSupport, note: a.note }));
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    vendor: { id: v.id, name: v.name, jurisdictions: v.jurisdictions, eu: isEuVendor(v) },
    licence: { id: c.licence.id, open, metric: c.licence.metric, ...(c.licence.minimumCoresPerCpu ? { minimumCoresPerCpu: c.licence.minimumCoresPerCpu } : {}), ...(c.licence.note ? { note: c.licence.note } : {}) },
    because: r.because,
    exposure: exposureOf(c.licence.metric, tenant, c.licence.minimumCoresPerCpu),
    alternatives,
    singleVendorWithoutSupportedAlternative: !open && !alternatives.some((a) => a.toolkitSupport !== 'no'),
    sources: c.sources,
  };
}

/** The vendors report of `tenants` (in the order given) against `catalogue`; an empty report without one. */
export function vendorExposure(tenants: readonly ExposedTenant[], catalogue: ComponentCatalogue | undefined): VendorsReport {
  if (!catalogue) return { catalogue: false, tenants: [], totals: [], singleVendor: [] };
  const rows = tenants.map((t) => ({ tenant: t.name, site: t.site.id, components: componentsOfSite(t.site, catalogue).map((r) => componentExposure(r, t, catalogue)) }));
  const byVendor = new Map<string, { name: string; jurisdictions: readonly string[]; components: Set<string>; tenants: Set<string>; amounts: Map<string, number>; uncounted: Map<string, number> }>();
  const single = new Map<string, SingleVendorDependency & { tenants: string[] }>();
  for (const row of rows) {
    for (const c of row.components) {
      const total = byVendor.get(c.vendor.id) ?? { name: c.vendor.name, jurisdictions: c.vendor.jurisdictions, components: new Set(), tenants: new Set(), amounts: new Map(), uncounted: new Map() };
      total.components.add(c.id);
      total.tenants.add(row.tenant);
      if (c.exposure.amount !== undefined) total.amounts.set(c.exposure.unit, (total.amounts.get(c.exposure.unit) ?? 0) + c.exposure.amount);
      else if (c.exposure.unit !== 'none') total.uncounted.set(c.exposure.unit, (total.uncounted.get(c.exposure.unit) ?? 0) + 1);
      byVendor.set(c.vendor.id, total);
      if (c.singleVendorWithoutSupportedAlternative) {
        const s = single.get(c.id) ?? { component: c.id, name: c.name, vendor: c.vendor.name, euVendor: c.vendor.eu, tenants: [] };
        s.tenants.push(row.tenant);
        single.set(c.id, s);
      }
    }
  }
  const sorted = <T>(xs: Iterable<T>) => [...xs].sort();
  const totals = sorted(byVendor.keys()).map((id) => {
    const t = byVendor.get(id)!;
    return { vendor: id, name: t.name, jurisdictions: t.jurisdictions, components: sorted(t.components), tenants: sorted(t.tenants), exposure: sorted(t.amounts.keys()).map((unit) => ({ unit, amount: t.amounts.get(unit)! })), uncounted: sorted(t.uncounted.keys()).map((unit) => ({ unit, tenants: t.uncounted.get(unit)! })) };
  });
  return { catalogue: true, tenants: rows, totals, singleVendor: sorted(single.keys()).map((id) => ({ ...single.get(id)!, tenants: sorted(single.get(id)!.tenants) })) };
}
