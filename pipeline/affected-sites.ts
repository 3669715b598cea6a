/**
 * Which site stacks (`site-<id>`, the site's audit devices) a change affects. A site stack is written for every
 * site that holds a tenant; what it holds depends on the site's Vault (address, edition, log folder, collector),
 * its state backend, the custodians of its Vault, collector and state store, and the devices its tenants and their
 * classifications give ({@link siteAuditDevices}: a filtered device per tenant on Enterprise, retention from the
 * strictest classification). So a tenant added to or removed from a site, a classification's audit retention, or
 * the site's Vault entry replans the site stack; a vCenter change of the site does not.
 */
import { createHash } from 'crypto';
import stableStringify from 'json-stable-stringify';
import { custodianOfHost, hostOf } from '../policy/hosts';
import type { Custodian, Site } from '../policy/model';
import { siteAuditDevices, siteStackName, type SiteTenant } from '../policy/site-audit';
import type { GovCloudConfig } from '../loader/load-config';
import { sitesInUse } from '../stacks/synth/sites-in-use';

/**
 * Why a site stack is planned: as for tenants (`all`, `new`, `toolkit`, `base-unreadable`), and `changed` when its
 * audit devices, Vault entry or state backend differ from the revision's.
 */
export type AffectedSiteReason = 'all' | 'new' | 'changed' | 'toolkit' | 'base-unreadable';

/** One site stack the pipeline plans. */
export interface AffectedSite {
  /** The stack's name, `site-<id>`. */
  readonly name: string;
  readonly site: string;
  /** The tenants at the site now, by name; their synthesis writes the site stack, and their apply waits for it. */
  readonly tenants: readonly string[];
  readonly reason: AffectedSiteReason;
}

/** The registered custodians that hold the Vault, audit collector or state store of `site` (RES-14 to RES-16 judge them). */
export function custodiansOf(site: Site, custodians: readonly Custodian[]): Custodian[] {
  const b = site.stateBackend;
  const state = b?.type === 'pg' ? b.host.toLowerCase() : b?.type === 's3' ? hostOf(b.endpoint) : undefined;
  const hosts = [hostOf(site.vault.address), site.vault.auditCollector && hostOf(site.vault.auditCollector), state];
  return [...new Set(hosts.flatMap((h) => (h ? [custodianOfHost(h, custodians)] : [])).filter((c): c is Custodian => c !== undefined))];
}

/** SHA-256 of what the stack of `site` is synthesized and judged from: its Vault, state backend, custodians and devices. */
export function sitePlanInputs(config: GovCloudConfig, site: Site, tenants: readonly SiteTenant[]): string {
  const inputs = {
    site: site.id,
    vault: site.vault,
    stateBackend: site.stateBackend ?? null,
    custodians: custodiansOf(site, [...config.custodians.values()]),
    devices: siteAuditDevices(site, tenants),
  };
  return createHash('sha256').update(stableStringify(inputs) ?? '').digest('hex');
}

/**
 * The site stacks of `config` to plan: every one with `reason` when given (no revision, toolkit changed, base
 * unreadable), otherwise those new since `before` or whose {@link sitePlanInputs} differ; and the site stacks
 * `before` had that `config` no longer writes (their last tenant left), for a note job.
 */
export function affectedSites(config: GovCloudConfig, before: GovCloudConfig | undefined, reason?: AffectedSiteReason): { affected: AffectedSite[]; removed: string[] } {
  const now = sitesInUse(config);
  const was = before ? sitesInUse(before) : new Map<string, SiteTenant[]>();
  const affected = [...now].flatMap(([id, tenants]): AffectedSite[] => {
    const entry = (why: AffectedSiteReason): AffectedSite[] => [{ name: siteStackName(id), site: id, tenants: tenants.map((t) => t.name), reason: why }];
    if (reason) return entry(reason);
    const previous = was.get(id);
    const site = before?.sites.get(id);
    if (!previous || !site) return entry('new');
    return sitePlanInputs(before!, site, previous) === sitePlanInputs(config, config.sites.get(id)!, tenants) ? [] : entry('changed');
  });
  const removed = before ? [...was.keys()].filter((id) => !now.has(id)).map(siteStackName) : [];
  return { affected, removed };
}
