/**
 * The site catalogue indexed the ways a diff meets it: by datacenter name, by vCenter, by Vault. A change of
 * placement is told in the catalogue's words: `COLO-BISSEN-1 (site lu-colo-1, LU)`.
 */
import type { Site } from '../model';
import { maskSecretShapes } from '../secrets/secret-patterns';
import { hostInSite, hostOf, siteOfHost } from '../hosts';

/** Sites by the names and endpoints a stack carries. */
export class SiteLookup {
  private readonly byDatacenter = new Map<string, Site>();
  private readonly byVcenter = new Map<string, Site>();
  private readonly byVaultHost = new Map<string, Site>();

  constructor(readonly sites: readonly Site[]) {
    // First registration wins, so the answer does not depend on a later duplicate.
    for (const s of sites) {
      if (!this.byDatacenter.has(s.vsphere.datacenter)) this.byDatacenter.set(s.vsphere.datacenter, s);
      const vcenter = s.vsphere.server.toLowerCase();
      if (!this.byVcenter.has(vcenter)) this.byVcenter.set(vcenter, s);
      const vault = hostOf(s.vault.address);
      if (vault && !this.byVaultHost.has(vault)) this.byVaultHost.set(vault, s);
    }
  }

  /** The site whose `vsphere.datacenter` is `name`. */
  siteOfDatacenter(name: unknown): Site | undefined {
    return typeof name === 'string' ? this.byDatacenter.get(name) : undefined;
  }

  /**
   * The site whose vCenter is `server` (an FQDN or URL), else the site whose domains hold it: `preferred` (the
   * tenant's own site) first, since sites may share a DNS domain.
   */
  siteOfVcenter(server: unknown, preferred?: Site): Site | undefined {
    return this.siteOf(server, this.byVcenter, preferred);
  }

  /** The site whose Vault answers at `address`, else the site whose domains hold it: `preferred` first. */
  siteOfVault(address: unknown, preferred?: Site): Site | undefined {
    return this.siteOf(address, this.byVaultHost, preferred);
  }

  private siteOf(endpoint: unknown, registered: ReadonlyMap<string, Site>, preferred?: Site): Site | undefined {
    const host = typeof endpoint === 'string' ? hostOf(endpoint) : undefined;
    if (!host) return undefined;
    if (preferred && hostInSite(host, preferred)) return preferred;
    return registered.get(host) ?? siteOfHost(host, this.sites);
  }
}

/** `(site lu-colo-1, LU)`, or `(no registered site)`. */
export function whereSite(site: Site | undefined): string {
  return site ? `(site ${site.id}, ${site.country})` : '(no registered site)';
}

/**
 * A value for a reason: quoted text, `none` when absent. A secret-shaped part (a URL password, a token) reads
 * `(sensitive)`: a stack can carry one, and a diff is posted where many read it.
 */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  return maskSecretShapes(typeof value === 'string' ? `"${value}"` : JSON.stringify(value), '(sensitive)');
}
