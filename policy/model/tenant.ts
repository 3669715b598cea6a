/** A tenant as declared in `config/tenants/<name>.yaml`. */

/** Who answers for a tenant. */
export interface TenantOwner {
  readonly organisation: string;
  readonly contact: string;
}

/** A group of identical VMs in a tenant. */
export interface TenantVmGroup {
  readonly name: string;
  readonly count: number;
  readonly cpus: number;
  readonly memoryMb: number;
  /** Size of the system disk. */
  readonly diskGb: number;
  /** Sizes of further data disks, each encrypted like the system disk. */
  readonly dataDisksGb: readonly number[];
  /** Name of a template in the site's content library. */
  readonly template: string;
  /**
   * Opts the group out of spreading its VMs over different hosts (AVL-01), with the reason.
   * @default - a group of two or more VMs gets a VM anti-affinity rule in the site's compute cluster
   */
  readonly spread?: TenantSpreadOptOut;
}

/** A VM group's opt-out of the anti-affinity rule that spreads it over hosts: only with a reason someone can read. */
export interface TenantSpreadOptOut {
  readonly disabled: true;
  /** Why the group may run on one host (a licence bound to one host, a cluster of one host), in a sentence. */
  readonly reason: string;
}

/** The tenant's key settings in Vault. */
export interface TenantKeySettings {
  /** Transit key rotation period in days; 0 disables automatic rotation. */
  readonly rotationDays: number;
  /** Whether the transit key may be deleted (crypto-erasure). */
  readonly deletionAllowed: boolean;
}

/** A suppression as written in a tenant file; judged by GOV-01 before it silences anything. */
export interface TenantSuppression {
  readonly rule: string;
  readonly resource: string;
  readonly reason?: string;
  readonly approvedBy?: string;
  readonly expires?: string;
}

/** An item imported into a tenant's own content library from a URL. */
export interface TenantLibraryItem {
  /** Item name in the library. */
  readonly name: string;
  /** `https://` URL of the OVF, OVA or ISO that vCenter downloads at apply time. */
  readonly url: string;
}

/**
 * A content library of the tenant's own, beside the site's approved one: either subscribed to a published
 * library, or holding items imported from URLs.
 */
export interface TenantContentLibrary {
  /** URL of the published library (`.../lib.json`) to subscribe to; a subscribed library has no items of its own. */
  readonly subscriptionUrl?: string;
  /** Items to import. */
  readonly items: readonly TenantLibraryItem[];
}

/** Guest OS customization applied to every VM of the tenant when it is cloned. */
export interface TenantGuest {
  /** DNS domain of the VMs (vSphere's Linux customization requires one). */
  readonly domain: string;
  /** DNS servers, by address or host name. */
  readonly dnsServers: readonly string[];
  /** NTP servers, by address or host name. */
  readonly ntpServers: readonly string[];
}

/** A tenant as declared in `config/tenants/<name>.yaml`. */
export interface TenantSpec {
  readonly name: string;
  readonly description?: string;
  readonly classification: string;
  readonly site: string;
  readonly owner: TenantOwner;
  /** `dhcp`: a DHCP server serves the VLAN, so an apply waits for each VM's address (default: none, it does not). */
  readonly network: { readonly vlan: number; readonly cidr: string; readonly dhcp?: boolean };
  readonly vms: readonly TenantVmGroup[];
  readonly keys: TenantKeySettings;
  /** A content library of the tenant's own, if it declares one. */
  readonly contentLibrary?: TenantContentLibrary;
  /** Guest customization of its VMs, if it declares one. */
  readonly guest?: TenantGuest;
  /** Justified, expiring exceptions to stack rules. */
  readonly suppressions: readonly TenantSuppression[];
  /**
   * Where the tenant recovers if its site is lost: a second site, judged by every rule as the primary is.
   * @default - no recovery site (AVL-03 refuses that where the classification requires one)
   */
  readonly recovery?: TenantRecovery;
}

/**
 * How much stands ready at the recovery site: `cold`, its network, folder, resource pool, tags and key access; `warm`,
 * its VMs too.
 */
export type RecoveryMode = 'cold' | 'warm';

/** A tenant's recovery site, as declared. */
export interface TenantRecovery {
  /** Site id from `sites.yaml`; never the tenant's own site. */
  readonly site: string;
  readonly mode: RecoveryMode;
}
