/**
 * The checker's own rules (GOV): GOV-01 judges the suppressions themselves, GOV-02 refuses a stack no tenant
 * declares. Neither is in `STACK_RULES`: `govcloud check` adds both to every report, after the catalogue.
 */
import type { StackFinding } from '../finding';
import type { DeclaredSuppression, Suppression } from '../suppression';
import { standard } from '../source';
import { formatSources } from '../source';

/** The rule that judges suppressions themselves. */
export const SUPPRESSION_RULE = {
  id: 'GOV-01',
  title: 'Suppressions are justified, approved, unexpired and aimed at one resource',
  severity: 'error' as const,
  rises: false,
  rationale:
    'A suppression is a decision someone must be able to read later: which rule, on which resource, why, who approved it, and until when. One without a reason or past its expiry silences a finding nobody answers for.',
  fix: 'give the suppression a reason, approvedBy and a future expires date (YYYY-MM-DD), or remove it and fix the finding',
  sources: [
    standard('SecNumCloud 3.2, 5.3.g'),
    standard("ISO/IEC 27001:2022 clause 6.1.3 f (risk owners approve the risk treatment plan and accept the residual risks)"),
  ],
  examines: [] as string[],
};

/**
 * Judges declared suppressions and applies the valid ones. A suppression covers a finding when rule, tenant
 * and resource (the block address or its construct path) all match exactly: there is no wildcard, so a whole
 * tenant can never be silenced. Invalid suppressions (no reason, no approver, bad or past expiry, no resource)
 * become GOV-01 errors and silence nothing.
 */
export function applySuppressions(
  findings: readonly StackFinding[],
  declared: readonly DeclaredSuppression[],
  today: string,
): { findings: (StackFinding & { suppressedBy?: Suppression })[]; inForce: Suppression[]; problems: StackFinding[] } {
  const inForce: Suppression[] = [];
  const problems: StackFinding[] = [];
  for (const d of declared) {
    const wrong: string[] = [];
    if (!d.ruleId) wrong.push('no rule');
    if (!d.resource) wrong.push('no resource (a whole tenant cannot be suppressed)');
    if (!d.reason || d.reason.trim().length < 10) wrong.push('no reason (at least a sentence)');
    if (!d.approvedBy || !d.approvedBy.trim()) wrong.push('no approvedBy');
    if (!d.expires || !isCalendarDate(d.expires)) wrong.push('no valid expires date (YYYY-MM-DD)');
    else if (d.expires < today) wrong.push(`expired on ${d.expires}`);
    if (wrong.length) {
      problems.push({
        ruleId: SUPPRESSION_RULE.id,
        severity: 'error',
        tenant: d.tenant,
        field: 'suppressions',
        resource: d.resource ?? '(none)',
        found: `suppression of ${d.ruleId ?? '?'} on ${d.resource ?? '?'}: ${wrong.join('; ')}`,
        allowed: 'rule, resource, reason, approvedBy and an unexpired expires date',
        fix: SUPPRESSION_RULE.fix,
        source: formatSources(SUPPRESSION_RULE.sources),
      });
    } else {
      inForce.push(d as Suppression);
    }
  }
  const out = findings.map((f) => {
    const s = inForce.find((x) => x.ruleId === f.ruleId && x.tenant === f.tenant && (x.resource === f.resource || (f.constructPath !== undefined && x.resource === f.constructPath)));
    return s ? { ...f, suppressedBy: s } : f;
  });
  return { findings: out, inForce, problems };
}

/** The rule that refuses a stack no tenant declares: the checker cannot know what its data may do. */
export const UNKNOWN_STACK_RULE = {
  id: 'GOV-02',
  title: 'Every stack belongs to a declared tenant',
  severity: 'error' as const,
  rises: false,
  rationale: 'A stack without a tenant has no classification and no site, so no residency rule can clear it.',
  fix: 'declare the tenant in config/tenants/<name>.yaml, or check the plan with --tenant NAME',
  sources: [standard('SecNumCloud 3.2, 19.2.a (where data is stored is documented)')],
};

/**
 * Whether `text` is a day of the calendar written YYYY-MM-DD. `Date.parse` alone is not enough: V8 takes
 * `2027-02-30` for 2 March. The tenant schema's `expires` pattern says the same for suppressions in YAML.
 */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return mo >= 1 && mo <= 12 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
