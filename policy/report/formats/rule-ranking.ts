import type { RuleDescription } from '../../rule-description';

/**
 * How code scanning ranks a rule's alerts: GitHub reads `properties.security-severity` (a number in a string,
 * 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10.0 critical) and `properties.tags` (with `security`, the
 * alert is a security finding). The figures are a policy of this toolkit (govcloud-tenants), not a CVSS score:
 *
 * | rule | error | warning |
 * | --- | --- | --- |
 * | residency (`RES`), keys and Vault (`KEY`), encryption (`ENC`) | 9.0 critical | 6.0 medium |
 * | every other family (`NET`, `STA`, `SUP`, `GOV`) | 8.0 high | 5.0 medium |
 *
 * Residency, key custody and encryption come first because a finding there is data in the wrong place or
 * readable by the wrong party, which no later fix undoes.
 */
export function securitySeverity(rule: Pick<RuleDescription, 'id' | 'severity'>): string {
  const data = DATA_FAMILIES.has(familyOf(rule.id));
  if (rule.severity === 'error') return data ? '9.0' : '8.0';
  return data ? '6.0' : '5.0';
}

/** The families whose findings put data where it may not go, or make it readable by the wrong party. */
const DATA_FAMILIES: ReadonlySet<string> = new Set(['RES', 'KEY', 'ENC']);

/** What each rule family is about, as a tag. */
const FAMILY_TAGS: Readonly<Record<string, string>> = {
  RES: 'residency',
  KEY: 'keys',
  ENC: 'encryption',
  NET: 'network',
  STA: 'state',
  SUP: 'supply-chain',
  GOV: 'governance',
};

/**
 * Tags of a rule: `security`, its family (`residency`, `keys`, `encryption`, `network`, `state`, `supply-chain`,
 * `governance`), then the kinds of its sources (`law`, `standard`, `policy`), so alerts can be filtered by what
 * a rule rests on.
 */
export function ruleTags(rule: Pick<RuleDescription, 'id' | 'sources'>): string[] {
  const family = FAMILY_TAGS[familyOf(rule.id)];
  const kinds = [...new Set(rule.sources.map((s) => s.kind))].sort();
  return ['security', ...(family ? [family] : []), ...kinds];
}

/** `RES-01` -> `RES`. */
function familyOf(id: string): string {
  return id.split('-')[0];
}
