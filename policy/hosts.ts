import type { Custodian, Site } from './model';

/** The host of a URL (`https://vault.lu:8200/v1` gives `vault.lu`) or of `host:port`; undefined if none. */
export function hostOf(value: string): string | undefined {
  const v = value.trim();
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(v);
  if (url) return url[1].toLowerCase();
  const hostPort = /^([a-z0-9.-]+)(?::\d+)?$/i.exec(v);
  return hostPort ? hostPort[1].toLowerCase() : undefined;
}

/** True when `host` is `domain` or a host under it. */
export function underDomain(host: string, domain: string): boolean {
  const d = domain.toLowerCase();
  return host === d || host.endsWith(`.${d}`);
}

/** True when `host` is under one of `site`'s own domains (its registered endpoints aside). */
export function underSiteDomains(host: string, site: Site): boolean {
  return site.domains.some((d) => underDomain(host, d));
}

/** True when `host` belongs to `site`: one of its domains, or one of its registered endpoints. */
export function hostInSite(host: string, site: Site): boolean {
  const endpoints = [site.vsphere.server, hostOf(site.vault.address), site.vault.auditCollector && hostOf(site.vault.auditCollector)];
  return underSiteDomains(host, site) || endpoints.some((e) => e === host);
}

/** True when a tenant of `site` may reach `host`: in-site, or an allowed egress host of a connected site. */
export function hostReachable(host: string, site: Site): boolean {
  if (hostInSite(host, site)) return true;
  return !site.airGapped && site.allowedEgressHosts.some((h) => underDomain(host, h));
}

/**
 * The registered site that `host` belongs to, if any. Sites may share DNS domains (two datacentres of one operator
 * under one suffix): `preferred`, the site of the tenant being judged, answers first when the host is one of its own,
 * so a host is never taken for another site's because that site comes first in the catalogue.
 */
export function siteOfHost(host: string, catalogue: readonly Site[], preferred?: Site): Site | undefined {
  if (preferred && hostInSite(host, preferred)) return preferred;
  return catalogue.find((s) => hostInSite(host, s));
}

/** The registered custodian whose domains hold `host`, if any. */
export function custodianOfHost(host: string, custodians: readonly Custodian[]): Custodian | undefined {
  return custodians.find((c) => c.domains.some((d) => underDomain(host, d)));
}
