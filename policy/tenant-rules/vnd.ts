/**
 * Vendor dependency rules (VND) over declared tenants, for economic sovereignty (S6): who holds the keys, by licence
 * and vendor (VND-01), and components of a single non-EU vendor with no alternative recorded (VND-02). Each rule
 * judges only what a classification asks (`openOrEuKeyCustodian`, `singleVendorWarning`), with the components
 * catalogue (`config/components.yaml`); without a catalogue they stay quiet, and `govcloud vendors` says it is missing.
 */
import type { ResolvedComponent } from '../model';
import { isEuVendor, isOpenLicence } from '../model';
import type { TenantRule } from './tenant-rule';
import { componentsOfSite, keyCustodianOf } from '../site-components';
import { siteAllowsPlacement } from './res';
import { suggestSites } from './site-suggestions';
import { formatSources, toolkitChoice } from '../source';
import { PQ3639_ECONOMIC, PQ3639_SINGLE_VENDOR } from '../pq-3639';

/** `Vault Enterprise (HashiCorp, an IBM company; US; proprietary)`: a component as a finding names it. */
export function describeComponent({ component, vendor }: ResolvedComponent): string {
  const law = vendor.jurisdictions.length ? vendor.jurisdictions.join(', ') : 'jurisdictions unknown';
  return `${component.name} (${vendor.name}; ${law}; licence ${component.licence.id})`;
}

/** Whether a component's cost can be changed by one vendor under non-EU law: not open, and not an EU vendor's. */
export const singleNonEuVendor = (c: ResolvedComponent): boolean => !isOpenLicence(c.component.licence) && !isEuVendor(c.vendor);

export const VND_01: TenantRule = {
  id: 'VND-01',
  title: 'The key custodian is open source or from an EU vendor, where the classification asks',
  severity: 'error',
  rationale:
    'Whoever licenses the key custodian can change what keeping the keys costs, or stop it: a tenant whose data cannot be read without its ' +
    'keys depends on that vendor. Under an open-source licence anyone may run and support the custodian; an EU vendor answers to EU law only.',
  sources: [PQ3639_ECONOMIC, PQ3639_SINGLE_VENDOR, toolkitChoice('keys with a custodian under an open-source licence or an EU vendor, for the classifications that declare openOrEuKeyCustodian')],
  concerns: ['keys'],
  check(input) {
    const { site, classification: c, components } = input;
    const demand = c.openOrEuKeyCustodian;
    if (!components || !demand?.value) return [];
    const custodian = keyCustodianOf(site.vault.edition, components);
    if (custodian && (isOpenLicence(custodian.component.licence) || isEuVendor(custodian.vendor))) return [];
    const acceptable = (edition: typeof site.vault.edition) => {
      const k = keyCustodianOf(edition, components);
      return k !== undefined && (isOpenLicence(k.component.licence) || isEuVendor(k.vendor));
    };
    // The recorded alternatives this toolkit supports that would themselves pass.
    const alternatives = (custodian?.component.alternatives ?? []).flatMap((a) => {
      const alt = components.components.get(a.component);
      const vendor = alt && components.vendors.get(alt.vendor);
      return alt && vendor && a.toolkitSupport !== 'no' && (isOpenLicence(alt.licence) || isEuVendor(vendor)) ? [alt.name] : [];
    });
    return [
      {
        ruleId: this.id,
        severity: demand.level ?? this.severity,
        tenant: input.tenant,
        field: 'site',
        found: custodian
          ? `the keys of site ${site.id} are held by ${describeComponent(custodian)}, neither under an open-source licence nor from a vendor under EU law only`
          : `site ${site.id} keeps its keys in Vault edition ${site.vault.edition}, which config/components.yaml does not record`,
        allowed: `classification ${c.id} requires a key custodian under an open-source licence or from an EU vendor`,
        fix: `move site ${site.id} to a custodian that is (vault.edition in config/sites.yaml${alternatives.length ? `; recorded alternatives: ${alternatives.join(', ')}` : ''}), or choose a site whose custodian is (${suggestSites(
          input,
          (s) => acceptable(s.vault.edition) && siteAllowsPlacement(s, c),
        )})`,
        source: formatSources(demand.source),
      },
    ];
  },
};

export const VND_02: TenantRule = {
  id: 'VND-02',
  title: 'No component of a single non-EU vendor without an alternative recorded, where the classification asks',
  severity: 'warning',
  rationale:
    'A component that only one vendor may supply, under the law of a country outside the EU, puts its cost and its continuity in that ' +
    'vendor\'s hands (the 2024 change of VMware licensing to per-core subscriptions is the example). Recording an alternative in ' +
    'config/components.yaml, with what this toolkit supports of it, is the first step of an exit path; the warning says where there is none.',
  sources: [PQ3639_SINGLE_VENDOR, PQ3639_ECONOMIC, toolkitChoice('a warning for each such component, for the classifications that declare singleVendorWarning')],
  concerns: ['placement'],
  check(input) {
    const { site, classification: c, components } = input;
    const demand = c.singleVendorWarning;
    if (!components || !demand?.value) return [];
    return componentsOfSite(site, components)
      .filter((x) => singleNonEuVendor(x) && x.component.alternatives.length === 0)
      .map((x) => ({
        ruleId: this.id,
        severity: demand.level === 'error' ? 'error' : this.severity,
        tenant: input.tenant,
        field: 'site',
        found: `the tenant depends on ${describeComponent(x)}, ${x.because}, and config/components.yaml records no alternative to it`,
        allowed: `classification ${c.id} asks that every component of a single non-EU vendor have an alternative recorded`,
        fix: `record an alternative to ${x.component.id} (alternatives: in config/components.yaml, with what this toolkit supports of it), or use a component under an open-source licence or from an EU vendor`,
        source: formatSources(demand.source),
      }));
  },
};

/** The vendor dependency rules (VND) over declared tenants, in report order. */
export const VENDOR_RULES: readonly TenantRule[] = [VND_01, VND_02];
