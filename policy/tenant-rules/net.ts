/**
 * Rules over what a declared tenant reaches beyond its VMs: where its content library subscribes and
 * downloads from (NET-01, NET-02), which DNS and NTP servers its guests use (NET-07), and, in an air-gapped
 * enclave, whether the site's own vCenter, Vault and audit collector are inside it (NET-08). The same ids judge
 * the synthesized Terraform (policy/stack-rules/net/NET-01.ts and beside it); these refuse the tenant before any
 * resource exists.
 */
import type { Finding } from '../finding';
import type { Site, TenantSpec } from '../model';
import type { TenantPolicyInput, TenantReach, TenantRule } from './tenant-rule';
import { ipv4InNetwork } from '../ipv4-network';
import { hostInSite, hostOf, hostReachable, siteOfHost, underSiteDomains } from '../hosts';
import { formatSources } from '../source';
import { standard } from '../source';
import { PQ3639_AIR_GAP } from '../pq-3639';

/** What a declared tenant reaches, as the network rules read it. */
export const tenantReach = (spec: TenantSpec): TenantReach => ({ contentLibrary: spec.contentLibrary, guest: spec.guest, cidr: spec.network.cidr });

/** Whether the tenant lives in an enclave: its site is air-gapped, or its classification requires one. */
export const inEnclave = (input: TenantPolicyInput): boolean => input.site.airGapped || input.classification.airGapped.value;

/** The hosts the tenant may reach, in words. */
function reachable(input: TenantPolicyInput): string {
  const own = `a host of site ${input.site.id} (under ${input.site.domains.join(', ') || 'no registered domain'})`;
  if (inEnclave(input)) return `${own}, inside the enclave`;
  return input.site.allowedEgressHosts.length ? `${own} or an allowed egress host of the site (${input.site.allowedEgressHosts.join(', ')})` : own;
}

/** Whether the tenant may fetch from `host`: in-site always, an allowed egress host only outside an enclave. */
const mayReach = (input: TenantPolicyInput, host: string) => (inEnclave(input) ? hostInSite(host, input.site) : hostReachable(host, input.site));

/** The registered site `host` belongs to, the tenant's own `site` first, in words: `site research-de-1 (DE)` or `no registered site`. */
function ownerOf(host: string, catalogue: readonly Site[], site: Site): string {
  const owner = siteOfHost(host, catalogue, site);
  return owner ? `site ${owner.id} (${owner.country})` : 'no registered site';
}

/** Where `host` is, for a message. */
const whereIs = (input: TenantPolicyInput, host: string) => ownerOf(host, input.catalogue ?? [input.site], input.site);

/** The tenant's own networks, where the caller gave them: guest servers inside them are the tenant's. */
const tenantNetworks = (input: TenantPolicyInput): string[] => (input.reach?.cidr ? [input.reach.cidr] : []);

/** Why the enclave's boundary applies, with its source. */
function boundary(input: TenantPolicyInput): string {
  return input.site.airGapped
    ? `site ${input.site.id} is air-gapped`
    : `classification ${input.classification.id} is air-gapped (${formatSources(input.classification.airGapped.source)})`;
}

function finding(rule: TenantRule, input: TenantPolicyInput, field: string, found: string, allowed: string, fix: string): Finding {
  return { ruleId: rule.id, severity: rule.severity, tenant: input.tenant, field, found, allowed, fix, source: formatSources(rule.sources) };
}

export const TENANT_NET_01: TenantRule = {
  id: 'NET-01',
  title: "A tenant's content library subscribes only to hosts its site may reach; in an enclave, only to hosts inside it",
  severity: 'error',
  rationale:
    'A subscribed library pulls templates from its subscription URL on its own schedule: an egress path out of the site and a supply-chain input nobody reviews item by item. ' +
    "Inside an enclave it may only follow the enclave's own publisher, which holds the reviewed imports.",
  sources: [standard('SecNumCloud 3.2, 12.10.c, 19.2.b'), PQ3639_AIR_GAP],
  concerns: ['network'],
  check(input) {
    const url = input.reach?.contentLibrary?.subscriptionUrl;
    if (url === undefined) return [];
    const host = hostOf(url);
    if (host && mayReach(input, host)) return [];
    const found = host ? `contentLibrary.subscriptionUrl ${url} is at ${host}, a host of ${whereIs(input, host)}` : `contentLibrary.subscriptionUrl "${url}" names no host`;
    const allowed = inEnclave(input) ? `${reachable(input)}: ${boundary(input)}` : reachable(input);
    return [finding(this, input, 'contentLibrary.subscriptionUrl', found, allowed, "subscribe to the site's own published library (a host under the site's domains in config/sites.yaml), or remove contentLibrary.subscriptionUrl and clone from the site's approved templates")];
  },
};

export const TENANT_NET_02: TenantRule = {
  id: 'NET-02',
  title: "A tenant's library items are downloaded only from hosts its site may reach; in an enclave, only from hosts inside it",
  severity: 'error',
  rationale:
    'An item with a URL makes vCenter download an image at apply time: an egress path, and a VM built from whatever that host serves that day. ' +
    'Inside an enclave images come only from hosts of the enclave, after the reviewed import.',
  sources: [standard('SecNumCloud 3.2, 12.10.c'), PQ3639_AIR_GAP],
  concerns: ['network'],
  check(input) {
    return (input.reach?.contentLibrary?.items ?? []).flatMap((item, i) => {
      const host = hostOf(item.url);
      if (host && mayReach(input, host)) return [];
      const found = host ? `item ${item.name} downloads ${item.url} from ${host}, a host of ${whereIs(input, host)}` : `item ${item.name} has URL "${item.url}", which names no host`;
      const allowed = inEnclave(input) ? `${reachable(input)}: ${boundary(input)}` : reachable(input);
      return [finding(this, input, `contentLibrary.items[${i}].url`, found, allowed, 'import the image into a host of the site (or of the enclave) first, and give that URL')];
    });
  },
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Why a DNS or NTP server is outside an enclave, or undefined when it is inside: a host name under the site's
 * domains, or an address in its infrastructure networks or in `networks` (the tenant's own).
 */
export function guestServerProblem(server: string, site: Site, networks: readonly string[], catalogue: readonly Site[]): string | undefined {
  if (IPV4.test(server)) {
    const nets = [...(site.infrastructureNetworks ?? []), ...networks];
    return nets.some((n) => ipv4InNetwork(server, n)) ? undefined : `${server} is in none of the enclave's networks (${nets.join(', ') || 'none registered'})`;
  }
  const host = hostOf(server);
  if (host && hostInSite(host, site)) return undefined;
  return host ? `${host} is a host of ${ownerOf(host, catalogue, site)}` : `"${server}" is neither an IPv4 address nor a host name`;
}

/** Why a guest server of the tenant is outside the enclave, or undefined when it is inside. */
const serverProblem = (input: TenantPolicyInput, server: string) =>
  guestServerProblem(server, input.site, tenantNetworks(input), input.catalogue ?? [input.site]);

/** The places a guest server of an enclave may be, in words. */
export function enclaveServers(site: Site, networks: readonly string[]): string {
  const nets = [...(site.infrastructureNetworks ?? []), ...networks];
  return `a host under ${site.domains.join(', ') || 'no registered domain'}${nets.length ? ` or an address in ${nets.join(', ')}` : ''}`;
}

export const TENANT_NET_07: TenantRule = {
  id: 'NET-07',
  title: 'In an enclave, guests use only DNS and NTP servers inside it',
  severity: 'error',
  rationale:
    'A DNS or NTP server outside the enclave is a path out of it that every VM takes at boot: names leak, time can be steered, and the guest waits on a server it cannot reach. ' +
    'Servers are judged by host name (under the site domains) or by address (in the site infrastructure networks or the tenant network).',
  sources: [
    standard('SecNumCloud 3.2, 12.8.a (time sources: external synchronisation allowed, except for isolated networks)'),
    standard('SecNumCloud 3.2, 13.2.a'),
    PQ3639_AIR_GAP,
  ],
  concerns: ['network'],
  check(input) {
    const guest = input.reach?.guest;
    if (!guest || !inEnclave(input)) return [];
    const out: Finding[] = [];
    const judge = (field: 'dnsServers' | 'ntpServers', what: string) =>
      guest[field].forEach((server, i) => {
        const problem = serverProblem(input, server);
        if (problem) {
          out.push(finding(this, input, `guest.${field}[${i}]`, `${what} server ${problem}`, `${enclaveServers(input.site, tenantNetworks(input))}: ${boundary(input)}`, `use the enclave's own ${what} servers (register their networks as infrastructureNetworks of the site in config/sites.yaml)`));
        }
      });
    judge('dnsServers', 'DNS');
    judge('ntpServers', 'NTP');
    if (!underSiteDomains(guest.domain, input.site)) {
      out.push(finding(this, input, 'guest.domain', `guest.domain ${guest.domain} is not under the enclave's domains`, `a domain under ${input.site.domains.join(', ')}: ${boundary(input)}`, "use a subdomain of the site's domain"));
    }
    return out;
  },
};

export const TENANT_NET_08: TenantRule = {
  id: 'NET-08',
  title: "In an enclave, the site's vCenter, Vault and audit collector are hosts inside it",
  severity: 'error',
  rationale:
    'Terraform, the guests and Vault talk to these endpoints on every apply; in an enclave an endpoint outside its domains is either a link out of it or a catalogue error, and either way nothing should be built on it.',
  sources: [PQ3639_AIR_GAP],
  concerns: ['placement'],
  check(input) {
    if (!inEnclave(input)) return [];
    const { site } = input;
    const endpoints: [string, string, string | undefined][] = [
      ['vsphere.server', 'vCenter', site.vsphere.server],
      ['vault.address', 'Vault', hostOf(site.vault.address)],
      ['vault.auditCollector', 'audit collector', site.vault.auditCollector && hostOf(site.vault.auditCollector)],
    ];
    return endpoints.flatMap(([field, what, host]) =>
      host === undefined || underSiteDomains(host, site)
        ? []
        : [
            finding(this, input, 'site', `the ${what} of site ${site.id} (sites.yaml ${field}) is ${host}, not under the site's domains`, `a host under ${site.domains.join(', ') || 'a registered domain'}: ${boundary(input)}`, `fix sites.yaml: put the ${what} inside the enclave, or add its domain to the site's domains if it is inside`),
          ],
    );
  },
};

/** The network rules over declared tenants, in report order. */
export const NETWORK_RULES: readonly TenantRule[] = [TENANT_NET_01, TENANT_NET_02, TENANT_NET_07, TENANT_NET_08];
