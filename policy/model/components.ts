/**
 * What a tenant depends on besides its site (`config/components.yaml`): the vendors, the components each supplies
 * (hypervisor, key custodian, IaC engine, provider plugins), their licence and its metric, and the alternatives
 * recorded for each. The data behind economic sovereignty (PQ 3639 ¶1: limit the dependency on licence costs; ¶8:
 * reduce single-vendor dependency): `govcloud vendors` and the VND rules read it.
 */
import type { CountryCode, VaultEdition } from './site';

/** What part of a tenant's stack a component is. */
export type ComponentKind = 'hypervisor' | 'key-custodian' | 'iac-engine' | 'provider-plugin' | 'synthesizer' | 'state-store';

/**
 * What a licence counts: physical cores of the hosts (`per-core`), VMs, hosts (`per-node`), Vault namespaces,
 * Vault clients (entities active in a billing period, counted at run time), nothing (`none`: no fee), or `unknown`.
 */
export type LicenceMetric = 'per-core' | 'per-vm' | 'per-node' | 'per-namespace' | 'per-client' | 'none' | 'unknown';

/** How far this toolkit supports an alternative: all it needs, part of it, or not at all (an exit to plan). */
export type ToolkitSupport = 'yes' | 'partial' | 'no';

/** A supplier of components, with every jurisdiction whose law reaches it. */
export interface Vendor {
  readonly id: string;
  readonly name: string;
  /** Every jurisdiction whose law can compel the vendor (its seat, its parent's). */
  readonly jurisdictions: readonly CountryCode[];
  /** Where the facts above come from (a vendor page, a register, a foundation's page). */
  readonly sources: readonly string[];
}

/** The licence a component is used under. */
export interface ComponentLicence {
  /** SPDX id where one exists (`MPL-2.0`, `Apache-2.0`, `BUSL-1.1`), `proprietary` for a commercial licence, or `unknown`. */
  readonly id: string;
  /** What the licence counts. */
  readonly metric: LicenceMetric;
  /**
   * Least cores counted per physical CPU (VMware by Broadcom counts 16 per CPU at least).
   * @default - no minimum
   */
  readonly minimumCoresPerCpu?: number;
  /**
   * What the licence says, in a sentence (since which version, what it forbids).
   * @default - nothing more than the id
   */
  readonly note?: string;
}

/** An alternative to a component, with what this toolkit supports of it. */
export interface ComponentAlternative {
  /** Id of the alternative in the catalogue's components. */
  readonly component: string;
  /** How far this toolkit supports it. */
  readonly toolkitSupport: ToolkitSupport;
  /** What is supported and what is not (`namespaces since 2.3; audit devices declared in the server config`). */
  readonly note: string;
}

/** One component a tenant may depend on. */
export interface Component {
  readonly id: string;
  readonly kind: ComponentKind;
  /** Product name and versions (`VMware vSphere 8 and vCenter`). */
  readonly name: string;
  /** Id of the vendor in the catalogue. */
  readonly vendor: string;
  readonly licence: ComponentLicence;
  /**
   * For a key custodian: the `vault.edition` of a site that it is.
   * @default - not a key custodian
   */
  readonly vaultEdition?: VaultEdition;
  /** Alternatives recorded; empty when none is. */
  readonly alternatives: readonly ComponentAlternative[];
  /** Licence texts and vendor pages the facts above come from. */
  readonly sources: readonly string[];
}

/** Which components a site's tenants depend on beyond the defaults. */
export interface SiteComponents {
  /**
   * Id of the site's hypervisor component.
   * @default - the catalogue's `hypervisor`
   */
  readonly hypervisor?: string;
}

/** The components catalogue: vendors, components, and which of them every tenant depends on. */
export interface ComponentCatalogue {
  readonly vendors: ReadonlyMap<string, Vendor>;
  readonly components: ReadonlyMap<string, Component>;
  /** Components every tenant depends on through this toolkit (IaC engine, provider plugins). */
  readonly toolkit: readonly string[];
  /** The hypervisor of every site that names none of its own. */
  readonly hypervisor: string;
  /** Per-site choices, by site id. */
  readonly sites: ReadonlyMap<string, SiteComponents>;
  /**
   * The state store component of each `stateBackend` type (`pg`, `s3`); a type not listed (`local`: a file on the
   * machine that runs Terraform) brings no component.
   * @default - none recorded
   */
  readonly stateStores?: Readonly<Partial<Record<'local' | 'pg' | 's3', string>>>;
}

/** Countries of the EU and the EEA: a vendor all of whose jurisdictions are among them is an EU vendor here. */
export const EU_EEA: readonly CountryCode[] = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
  'IS', 'LI', 'NO',
];

/**
 * Licences approved by the Open Source Initiative that the catalogue may name: anyone may run, fork and supply
 * software under them, so no single vendor can change its cost. BUSL-1.1 is not among them (source-available, with
 * a use limitation until its change date).
 */
export const OPEN_LICENCES: readonly string[] = ['Apache-2.0', 'MPL-2.0', 'MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'GPL-2.0-only', 'GPL-3.0-only', 'LGPL-2.1-only', 'AGPL-3.0-only', 'PostgreSQL'];

/** Whether software under `licence` may be run and supplied by anyone (an OSI-approved licence). */
export const isOpenLicence = (licence: ComponentLicence): boolean => OPEN_LICENCES.includes(licence.id);

/** Whether every jurisdiction that reaches `vendor` is in the EU or the EEA. */
export const isEuVendor = (vendor: Vendor): boolean => vendor.jurisdictions.length > 0 && vendor.jurisdictions.every((j) => EU_EEA.includes(j));

/** A component with its vendor, as a tenant depends on it. */
export interface ResolvedComponent {
  readonly component: Component;
  readonly vendor: Vendor;
  /** Why the tenant depends on it (`hypervisor of site ctie-govcloud-1`, `key custodian: vault.edition enterprise`). */
  readonly because: string;
}

