/** The report of `govcloud verify`, as text for a reader and as JSON for a pipeline or an evidence record. */
import type { VerifyReport } from '../verify/verify-state';

/** Formats `govcloud verify --format` takes. */
export const VERIFY_FORMATS = ['text', 'json'] as const;
export type VerifyFormat = (typeof VERIFY_FORMATS)[number];

/** Whether a rule held on every check, failed on one, or had nothing to check in this state. */
function verdictOf(checks: VerifyReport['rules'][number]['checks']): 'holds' | 'fails' | 'nothing to check' {
  if (checks.length === 0) return 'nothing to check';
  return checks.every((c) => c.holds) ? 'holds' : 'fails';
}

/** The JSON document of a report: each rule with its verdict and every check, and the rules that failed. */
export function verifyJson(report: VerifyReport): object {
  const rules = report.rules.map((r) => ({ id: r.id, title: r.title, verdict: verdictOf(r.checks), checks: r.checks }));
  return {
    tenant: report.tenant,
    site: report.site,
    classification: report.classification,
    state: report.stateFile,
    verdict: rules.some((r) => r.verdict === 'fails') ? 'fails' : 'holds',
    failing: rules.filter((r) => r.verdict === 'fails').map((r) => r.id),
    rules,
    notChecked: report.notChecked,
  };
}

/** The text report: one line per rule, each failing check under its rule, then what was not checked. */
export function verifyText(report: VerifyReport): string {
  const lines = [`govcloud verify ${report.tenant} (classification ${report.classification}, site ${report.site}), as deployed in ${report.stateFile}:`, ''];
  for (const rule of report.rules) {
    const verdict = verdictOf(rule.checks);
    const held = rule.checks.filter((c) => c.holds).length;
    const count = verdict === 'nothing to check' ? 'nothing in the state to check' : `${held} of ${rule.checks.length} checks hold`;
    lines.push(`  ${verdict === 'fails' ? 'FAIL' : verdict === 'holds' ? 'ok  ' : '--  '}  ${rule.id}  ${rule.title}: ${count}`);
    for (const c of rule.checks.filter((x) => !x.holds)) {
      lines.push(`          ${c.rule} ${c.address} ${c.attribute}: found ${c.found}; expected ${c.expected}`);
    }
  }
  lines.push('', 'Not checked:', ...report.notChecked.map((n) => `  - ${n}`), '');
  const failing = report.rules.filter((r) => verdictOf(r.checks) === 'fails').map((r) => r.id);
  lines.push(failing.length ? `Result: FAILS: ${failing.join(', ')}` : 'Result: every claim checked holds as deployed');
  return `${lines.join('\n')}\n`;
}

/** The report in `format`. */
export function renderVerify(report: VerifyReport, format: VerifyFormat): string {
  return format === 'json' ? `${JSON.stringify(verifyJson(report), null, 2)}\n` : verifyText(report);
}
