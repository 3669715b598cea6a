import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stableJson } from '../policy/stable-json';
import { allowedDatacenters } from '../policy/tenant-rules/allowed-datacenters';
import { ConfigError } from '../loader/config-error';
import { UsageError } from '../loader/usage-error';
import { loadConfig, type GovCloudConfig, type LoadedTenant } from '../loader/load-config';
import { configAtRevision } from './git-config';
import { affectedSites, custodiansOf, type AffectedSite } from './affected-sites';
import { changedPaths, configRepository, matchesPath, resolveRevision, toolkitPaths } from './git-revision';
import { componentsOfSite } from '../policy/site-components';

/**
 * Why a tenant is planned: `all` without `--changed-since`; `new` when it did not exist at the revision;
 * `changed` when its inputs differ; `toolkit` when the toolkit changed, which can change every stack;
 * `base-unreadable` when the config at the revision does not load, so nothing can be compared.
 */
export type AffectedReason = 'all' | 'new' | 'changed' | 'toolkit' | 'base-unreadable';

/** One tenant the pipeline plans. */
export interface AffectedTenant {
  readonly name: string;
  /** Site id, for the job's comment. */
  readonly site: string;
  /** Classification id, for the job's comment. */
  readonly classification: string;
  readonly reason: AffectedReason;
  /**
   * The tenant's recovery site, where it declares one: its recovery stack is planned and applied by jobs of its own.
   * @default - no recovery site
   */
  readonly recoverySite?: string;
}

/** Which tenants a change affects. */
export interface AffectedTenants {
  /**
   * The revision compared with the working tree: as given, and its commit id.
   * @default - none: every tenant is affected
   */
  readonly since?: { readonly ref: string; readonly commit: string };
  /** Tenants to plan, sorted by name. */
  readonly affected: readonly AffectedTenant[];
  /** Tenants of the config at the revision that the working tree no longer has, sorted. Never planned. */
  readonly removed: readonly string[];
  /** Number of tenants in the working tree's config. */
  readonly total: number;
  /** Toolkit paths changed since the revision (when there are any, every tenant is affected). */
  readonly toolkitChanges: readonly string[];
  /**
   * Site stacks (`site-<id>`, the audit devices) to plan, by site id: a site stack applies before its tenants' stacks.
   * @default - none
   */
  readonly sites?: readonly AffectedSite[];
  /**
   * Site stacks the revision had that the working tree no longer writes (their last tenant left). Never planned.
   * @default - none
   */
  readonly removedSites?: readonly string[];
}

/**
 * The tenants of `config` that changed since git revision `since` (every tenant without it). The config at the
 * revision is extracted with `git archive` into a temporary folder (removed afterwards) and loaded; a tenant is
 * affected when it is new or {@link tenantPlanInputs} differs. When a toolkit path changed since (its code or
 * dependency lock, see `toolkitPaths`), or the config at the revision does not load, every tenant is affected;
 * when the revision had no config folder, every tenant is new.
 */
export function affectedTenants(config: GovCloudConfig, since?: string): AffectedTenants {
  const all = (reason: AffectedReason) => config.tenants.map((t) => affected(t, reason));
  if (since === undefined) return { affected: all('all'), removed: [], total: config.tenants.length, toolkitChanges: [], ...sitesOf(config, undefined, 'all') };

  const repo = configRepository(config.dir);
  const commit = resolveRevision(repo, since);
  const base = { since: { ref: since, commit }, total: config.tenants.length };
  const toolkit = toolkitPaths(repo);
  const toolkitChanges = changedPaths(repo, commit).filter((p) => matchesPath(p, toolkit));

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-pipeline-'));
  try {
    let baseDir: string;
    try {
      baseDir = configAtRevision(commit, config.dir, scratch);
    } catch (e) {
      // The revision is known (checked above), so git archive found no config folder there: everything is new.
      if (e instanceof UsageError) return { ...base, affected: all('new'), removed: [], toolkitChanges, ...sitesOf(config, undefined, 'new') };
      throw e;
    }
    let before: GovCloudConfig;
    try {
      before = loadConfig(baseDir);
    } catch (e) {
      if (e instanceof ConfigError) return { ...base, affected: all('base-unreadable'), removed: [], toolkitChanges, ...sitesOf(config, undefined, 'base-unreadable') };
      throw e;
    }
    const previous = new Map(before.tenants.map((t) => [t.spec.name, tenantPlanInputs(before, t)]));
    const names = new Set(config.tenants.map((t) => t.spec.name));
    const removed = [...previous.keys()].filter((n) => !names.has(n)).sort();
    const tenants = config.tenants.flatMap((t): AffectedTenant[] => {
      const was = previous.get(t.spec.name);
      if (was === undefined) return [affected(t, 'new')];
      if (toolkitChanges.length) return [affected(t, 'toolkit')];
      return was === tenantPlanInputs(config, t) ? [] : [affected(t, 'changed')];
    });
    return { ...base, affected: tenants, removed, toolkitChanges, ...sitesOf(config, before, toolkitChanges.length ? 'toolkit' : undefined) };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * SHA-256 of what one tenant's stack is synthesized from: its tenant file, the entries of its site, of the
 * custodians holding the site's keys, audit logs or state, and of its classification, and the datacenter names of
 * every site its classification allows (the RES-01 precondition on its VMs lists them), and the components it
 * depends on (`components.yaml`). Finer than `tenantInputs` in incremental.ts, which hashes whole catalogue files: a change
 * to one site affects the tenants on that site, not every tenant. The toolkit is left out: both sides of a
 * comparison are hashed by the same code, and toolkit changes are found with git instead.
 */
export function tenantPlanInputs(config: GovCloudConfig, tenant: LoadedTenant): string {
  const site = config.sites.get(tenant.spec.site)!;
  const classification = config.classifications.get(tenant.spec.classification)!;
  const datacenters = allowedDatacenters({ tenant: tenant.spec.name, site, classification, catalogue: [...config.sites.values()] });
  const custodians = custodiansOf(site, [...config.custodians.values()]);
  // The components the tenant depends on decide the vendor rules (VND) for it.
  const components = config.components ? componentsOfSite(site, config.components) : undefined;
  const inputs = { tenantFile: fs.readFileSync(tenant.file, 'utf8'), site, custodians, classification, allowedDatacenters: datacenters, ...(components ? { components } : {}) };
  return createHash('sha256').update(stableJson(inputs) ?? '').digest('hex');
}

function sitesOf(config: GovCloudConfig, before: GovCloudConfig | undefined, reason: AffectedSite['reason'] | undefined): Pick<AffectedTenants, 'sites' | 'removedSites'> {
  const { affected: sites, removed } = affectedSites(config, before, reason);
  return { sites, removedSites: removed };
}

function affected(t: LoadedTenant, reason: AffectedReason): AffectedTenant {
  return { name: t.spec.name, site: t.spec.site, classification: t.spec.classification, reason, ...(t.spec.recovery ? { recoverySite: t.spec.recovery.site } : {}) };
}
