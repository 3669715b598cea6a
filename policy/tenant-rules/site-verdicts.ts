/**
 * Where data of a classification, or a tenant, may go: every site of the catalogue with its verdict and the reasons
 * for it, for `govcloud where`. Pure: sites and a classification (or a tenant) in, verdicts out.
 */
import type { Finding, Severity } from '../finding';
import type { Classification, ComponentCatalogue, Custodian, Site } from '../model';
import type { TenantPolicyInput } from './tenant-rule';
import { evaluateTenant, TENANT_RULES } from './catalogue';
import { PLACEMENT_RULES, placementIssues, type PlacementIssue } from './res';

/** What a site is for some data: it may hold it, it may with warnings, or it may not. */
export type Verdict = 'allowed' | 'allowed-with-warnings' | 'refused';

/** One site of the catalogue, judged for a classification (and, for a tenant, for what the tenant declares). */
export interface SiteVerdict {
  readonly site: Site;
  /** Everything that decides: the placement rules' issues and the site findings. */
  readonly verdict: Verdict;
  /** What the classification's constraints alone say of the site (RES rules, conditions included). */
  readonly policyVerdict: Verdict;
  /** Every constraint of the classification the site fails, with its condition and sources. */
  readonly issues: readonly PlacementIssue[];
  /**
   * Findings of the other tenant rules that depend on the site: what the site must provide (an encryption policy, a
   * central audit collector, remote state, hosts a tenant's endpoints are on).
   */
  readonly siteFindings: readonly Finding[];
  /**
   * The tenant's current site.
   * @default false
   */
  readonly current?: boolean;
}

/** Every site's verdict for a classification, or for a tenant (its classification and what it declares). */
export interface WhereReport {
  readonly classification: Classification;
  /**
   * The tenant asked about, and its current site.
   * @default - a classification was asked about
   */
  readonly tenant?: { readonly name: string; readonly site: string };
  /** Every site of the catalogue, in catalogue order. */
  readonly sites: readonly SiteVerdict[];
  /** Findings of the tenant that are the same at every site (a key that never rotates): not the site's doing. */
  readonly everySite: readonly Finding[];
}

/** The verdict of a list of severities: refused on any error, allowed with warnings on any warning. */
export function verdictOf(severities: readonly Severity[]): Verdict {
  if (severities.includes('error')) return 'refused';
  return severities.length ? 'allowed-with-warnings' : 'allowed';
}

const PLACEMENT_IDS = new Set(PLACEMENT_RULES.map((r) => r.id));

function siteVerdict(site: Site, classification: Classification, findings: readonly Finding[], current?: boolean): SiteVerdict {
  const issues = placementIssues(site, classification);
  const siteFindings = findings.filter((f) => !PLACEMENT_IDS.has(f.ruleId));
  const policyVerdict = verdictOf(issues.map((i) => i.severity));
  const verdict = verdictOf([...issues, ...siteFindings].map((x) => x.severity));
  return { site, verdict, policyVerdict, issues, siteFindings, ...(current ? { current } : {}) };
}

/**
 * Every site of `catalogue` for data of `classification`: the placement rules with their conditions and sources,
 * and the tenant rules that judge what the site provides, as they would for a tenant that declares nothing more;
 * `custodians`, the registered holders of keys, audit logs and state, judged where a site's endpoints are theirs;
 * `components`, the components catalogue, for the vendor rules.
 */
export function whereClassification(classification: Classification, catalogue: readonly Site[], custodians: readonly Custodian[] = [], components?: ComponentCatalogue): WhereReport {
  const sites = catalogue.map((site) => siteVerdict(site, classification, evaluateTenant({ tenant: '', site, classification, catalogue, custodians, ...(components ? { components } : {}) })));
  return { classification, sites, everySite: [] };
}

/**
 * Every site of `catalogue` for the tenant of `input` moved there: its classification's verdicts, its current site
 * marked, and the findings of its other rules that change with the site. Findings that are alike at every site are
 * reported once, in `everySite`.
 */
export function whereTenant(input: TenantPolicyInput, catalogue: readonly Site[]): WhereReport {
  const atSite = catalogue.map((site) => evaluateTenant({ ...input, site, catalogue }));
  const sameEverywhere = (ruleId: string) => new Set(atSite.map((fs) => JSON.stringify(fs.filter((f) => f.ruleId === ruleId)))).size === 1;
  const fixed = new Set(TENANT_RULES.map((r) => r.id).filter((id) => !PLACEMENT_IDS.has(id) && sameEverywhere(id)));
  const sites = catalogue.map((site, i) =>
    siteVerdict(
      site,
      input.classification,
      atSite[i].filter((f) => !fixed.has(f.ruleId)),
      site.id === input.site.id,
    ),
  );
  const everySite = (atSite[0] ?? []).filter((f) => fixed.has(f.ruleId));
  return { classification: input.classification, tenant: { name: input.tenant, site: input.site.id }, sites, everySite };
}
