import { maskSecretShapes } from '../../secrets/secret-patterns';
import { SITE_STACK_PREFIX } from '../../site-audit';
import { RISK_ORDER, type BlockChange, type OutputDiff, type RiskLabel, type TenantDiff } from '../../diff/diff-model';

/** Attribute names whose values never appear in a diff, whatever the provider says about them. */
const SECRET_NAME = /(pass(word|wd)?|token|secret|private_key|access_key|api_key|credentials|conn_str|connection_string)$|_wo$/i;

/** A value as a reviewer reads it: JSON, shortened, secrets masked (by the attribute's name, or by their shape). */
export function showValue(path: string, value: unknown): string {
  // Masked before it is shortened, so that a cut cannot leave the start of a secret its pattern no longer finds.
  const text = fullValue(path, value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * A value whole, secrets masked as in {@link showValue}: a string as it is (line breaks kept), anything else as
 * JSON, indented when `pretty`; `(none)` for an absent value.
 */
export function fullValue(path: string, value: unknown, pretty = false): string {
  if (value === undefined) return '(none)';
  const leaf = path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? path;
  if (SECRET_NAME.test(leaf)) return '(sensitive)';
  return maskSecretShapes(typeof value === 'string' ? value : JSON.stringify(value, null, pretty ? 2 : undefined), '(sensitive)');
}

/** Labels of one tenant or change, in {@link RISK_ORDER}. */
export function labelsOf(x: TenantDiff | BlockChange): RiskLabel[] {
  const present = new Set('changes' in x ? x.changes.flatMap((c) => c.risks.map((r) => r.label)) : x.risks.map((r) => r.label));
  return RISK_ORDER.filter((l) => present.has(l));
}

/** Changes of a tenant, highest risk first, then by address. */
export function orderedChanges(t: TenantDiff): BlockChange[] {
  const rank = (c: BlockChange) => {
    const ls = labelsOf(c);
    return ls.length ? RISK_ORDER.indexOf(ls[0]) : RISK_ORDER.length;
  };
  return [...t.changes].sort((a, b) => rank(a) - rank(b) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** Tenants with something to show. */
export function changedTenants(d: OutputDiff): TenantDiff[] {
  return d.tenants.filter((t) => t.status !== 'unchanged');
}

/**
 * How many stacks changed, tenant stacks and site stacks (`site-<id>`, no tenant can take that name) counted
 * apart: `2 of 5 tenant stacks changed`, or `2 of 5 tenant stacks and 1 of 4 site stacks changed`. A tenant's
 * recovery stack is one of its tenant stacks (both hold its VMs), so it is counted with them.
 */
export function changedSummary(d: OutputDiff): string {
  const isSite = (t: TenantDiff) => t.tenant.startsWith(SITE_STACK_PREFIX);
  const count = (pick: (t: TenantDiff) => boolean) => `${d.tenants.filter((t) => pick(t) && t.status !== 'unchanged').length} of ${d.tenants.filter(pick).length}`;
  const sites = d.tenants.some(isSite) ? ` and ${count(isSite)} site stacks` : '';
  return `${count((t) => !isSite(t))} tenant stacks${sites} changed`;
}

/** Counts per label across a diff, for summaries and exit codes. */
export function labelCounts(d: OutputDiff): Record<RiskLabel, number> {
  const counts = Object.fromEntries(RISK_ORDER.map((l) => [l, 0])) as Record<RiskLabel, number>;
  for (const t of d.tenants) for (const c of t.changes) for (const l of labelsOf(c)) counts[l]++;
  return counts;
}
