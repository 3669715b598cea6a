/**
 * Where a site's key store, audit collector and state store are held, judged for a tenant's classification: the
 * one judgement RES-14 (keys), RES-15 (audit log) and RES-16 (state) make of the site record, and the stack rules
 * that see the same endpoints in Terraform (RES-03, RES-06, KEY-03, STA-02, STA-03) make of the stack.
 *
 * A host under the site's own domains is the site's. Any other host must be one of a custodian registered in
 * `sites.yaml` (`custodians:`) for that kind, and the custodian is judged like a site by the placement rules about
 * where and whose (RES-01 countries, RES-04 EU establishment and control, RES-10 operator jurisdictions), so the
 * classification's constraints, and their sources, are the ones that judge its sites. An air-gapped site has no
 * custodian: nothing outside the enclave reaches its hosts.
 */
import type { Finding } from '../../finding';
import { custodianOfHost, underSiteDomains } from '../../hosts';
import type { Custodian, CustodyKind, Site } from '../../model';
import type { TenantPlacement } from '../../placement';
import { formatSources, type Source } from '../../source';
import { PLACEMENT_RULES, siteAllowsPlacement } from '../res';
import { listOf, suggestSites } from '../site-suggestions';
import type { TenantPolicyInput, TenantRule } from '../tenant-rule';

/** The placement rules that judge a custodian: where it holds, and whose law reaches its operator. */
const WHERE_AND_WHOSE = ['RES-01', 'RES-04', 'RES-10'];

/** What each kind of custody is, in a message. */
export const CUSTODY_WORDS: Readonly<Record<CustodyKind, string>> = { keys: 'keys', audit: 'audit logs', state: 'Terraform state' };

/** Why a host may not hold something of a tenant, in a finding's words. */
export interface CustodyProblem {
  /**
   * Where the host is, said after it: `is held by custodian eu-kms (...)`, `is not under the domains of site x and
   * no registered custodian holds it`.
   */
  readonly where: string;
  /** What the classification allows instead. */
  readonly allowed: string;
  /**
   * The classification's constraints a registered custodian fails, in words: `classification health allows LU`.
   * @default - none: the host fails for another reason (not registered, registered for another kind, an enclave)
   */
  readonly constraints?: string;
  /** The sources of the constraints the host fails, formatted; the rule's own when no constraint names one. */
  readonly source: string;
}

/** `custodian eu-kms (KMS Ltd; in IE; under IE, US law; not EU-controlled)`. */
export function describeCustodian(c: Custodian): string {
  const eu = [c.euEstablished ? '' : 'not EU-established', c.euControlled ? '' : 'not EU-controlled'].filter(Boolean);
  return `custodian ${c.id} (${c.operator}; in ${c.country}; under ${listOf(c.operatorJurisdictions)} law${eu.length ? `; ${eu.join(', ')}` : ''})`;
}

/** The custodian as a site: the tenant's site with the custodian's identity, so the placement rules judge it. */
function asSite(site: Site, c: Custodian): Site {
  const { id, name, country, operator, operatorJurisdictions, euEstablished, euControlled, operatorType, domains } = c;
  return { ...site, id, name, country, operator, operatorJurisdictions, euEstablished, euControlled, operatorType, domains, owners: undefined };
}

/**
 * Why `host` may not hold `kind` for the tenant of `placement`, or undefined when it may: it is under the site's
 * domains, or a registered custodian of `kind` that the classification allows. `ruleSources` are cited where no
 * constraint of the classification is at stake (an unregistered host, a custodian of another kind, an enclave).
 */
export function custodyProblem(placement: TenantPlacement, host: string, kind: CustodyKind, ruleSources: readonly Source[]): CustodyProblem | undefined {
  const { site, classification: c } = placement;
  if (underSiteDomains(host, site)) return undefined;
  const ownHosts = `a host of site ${site.id} (under ${listOf(site.domains)})`;
  const own = formatSources(ruleSources);
  if (site.airGapped) {
    return { where: `is outside the enclave ${site.id}`, allowed: `${ownHosts}: site ${site.id} is air-gapped, so no custodian outside it holds its tenants' ${CUSTODY_WORDS[kind]}`, source: own };
  }
  const registered = registeredFor(placement, kind);
  const orCustodian = `, or a custodian of ${CUSTODY_WORDS[kind]} registered in sites.yaml that classification ${c.id} allows (${registered})`;
  const custodian = custodianOfHost(host, placement.custodians ?? []);
  if (!custodian) {
    const other = (placement.catalogue ?? []).find((s) => s.id !== site.id && underSiteDomains(host, s));
    return {
      where: `is not under the domains of site ${site.id} and no registered custodian holds it${other ? ` (it is a host of site ${other.id}, ${other.country})` : ''}`,
      allowed: `${ownHosts}${orCustodian}`,
      source: own,
    };
  }
  if (!custodian.holds.includes(kind)) {
    return { where: `is held by ${describeCustodian(custodian)}, registered to hold ${listOf(custodian.holds.map((k) => CUSTODY_WORDS[k]))}, not ${CUSTODY_WORDS[kind]}`, allowed: `${ownHosts}${orCustodian}`, source: own };
  }
  const failed = judgeLikeASite(placement, custodian);
  if (failed.length === 0) return undefined;
  const constraints = failed.map((f) => f.allowed).join('; ');
  return {
    where: `is held by ${describeCustodian(custodian)}`,
    allowed: `${constraints}: ${ownHosts}${orCustodian}`,
    constraints,
    source: [...new Set(failed.map((f) => f.source))].join('; '),
  };
}

/** The placement findings a custodian would get as a site for the placement's classification. */
function judgeLikeASite(placement: TenantPlacement, custodian: Custodian) {
  const input = { tenant: placement.tenant, site: asSite(placement.site, custodian), classification: placement.classification };
  return PLACEMENT_RULES.filter((r) => WHERE_AND_WHOSE.includes(r.id)).flatMap((r) => r.check(input));
}

/** The registered custodians of `kind` the placement's classification allows, for a fix: `e.g. lu-keys`, or `none registered`. */
export function registeredFor(placement: TenantPlacement, kind: CustodyKind): string {
  const ok = (placement.custodians ?? []).filter((c) => c.holds.includes(kind) && judgeLikeASite(placement, c).length === 0).map((c) => c.id);
  return ok.length ? `e.g. ${ok.slice(0, 3).join(', ')}` : 'none registered';
}

/** One endpoint of a site that holds something of its tenants, as the site catalogue names it. */
export interface CustodyEndpoint {
  readonly kind: CustodyKind;
  /** What it is, in a message: `Vault`, `audit collector`, `state database`. */
  readonly what: string;
  /** The `sites.yaml` field that names it: `vault.address`. */
  readonly field: string;
  /** The value as written there. */
  readonly value: string;
  /** Its host. */
  readonly host: string;
}

/**
 * The finding of `rule` when the endpoint `endpointOf` reads from the tenant's site may not hold what it holds for
 * the classification; no finding when the site has no such endpoint. The fix names sites whose endpoint may.
 */
export function custodyFindings(rule: TenantRule, input: TenantPolicyInput, endpointOf: (site: Site) => CustodyEndpoint | undefined): Finding[] {
  const { site, classification: c } = input;
  const e = endpointOf(site);
  if (!e) return [];
  const problem = custodyProblem(input, e.host, e.kind, rule.sources);
  if (!problem) return [];
  const others = suggestSites(input, (s) => {
    const theirs = endpointOf(s);
    return siteAllowsPlacement(s, c) && (!theirs || !custodyProblem({ ...input, site: s }, theirs.host, theirs.kind, []));
  });
  const custodian = custodianOfHost(e.host, input.custodians ?? []);
  const register = site.airGapped
    ? ''
    : custodian?.holds.includes(e.kind)
      ? `, or to a custodian of ${CUSTODY_WORDS[e.kind]} that classification ${c.id} allows (${registeredFor(input, e.kind)})`
      : custodian
        ? `, or add ${e.kind} to the holds of custodian ${custodian.id} in config/sites.yaml if it does hold them`
        : `, or register the custodian that runs it in config/sites.yaml (custodians:, with holds: [${e.kind}]) if it is one classification ${c.id} allows`;
  return [
    {
      ruleId: rule.id,
      severity: rule.severity,
      tenant: input.tenant,
      field: 'site',
      found: `the ${e.what} of site ${site.id} (sites.yaml ${e.field}: ${e.value}) holds the tenant's ${CUSTODY_WORDS[e.kind]}, and ${e.host} ${problem.where}`,
      allowed: problem.allowed,
      fix: `move the ${e.what} to a host of site ${site.id} under ${listOf(site.domains)} (${e.field})${register}; or choose another site (${others})`,
      source: problem.source,
    },
  ];
}
