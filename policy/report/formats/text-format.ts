import { summarize, type CheckReport } from '../check-report';
import { inReadingOrder, type ReportedFinding } from '../../reported-finding';
import type { Suppression } from '../../suppression';
import { addressOf, countStack, countsText, locationText, plural, unexaminedTypes } from './report-facts';

/** Options of {@link renderText}. */
export interface TextFormatOptions {
  /**
   * Colour severities and the summary with ANSI escapes (for a terminal).
   * @default false - plain text, safe for files, CI logs and pipes
   */
  readonly color?: boolean;
  /**
   * Every finding in full: what its rule allows and its sources besides what was found and the fix.
   * @default true - `govcloud check` passes false unless given --verbose: one short line per finding
   */
  readonly verbose?: boolean;
}

const ANSI = { red: '\x1b[31m', yellow: '\x1b[33m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' } as const;

/**
 * The terminal report: a line per stack, then one line per finding (errors, warnings, suppressed), in the form
 * `govcloud synth` prints, so `grep '^error'` finds exactly what fails the check:
 *
 * `error RES-01 dsp-ng config/tenants/dsp-ng.yaml:6 vsphere_virtual_machine.x.disk.1.storage_policy_id: <found>; allowed: <allowed> [<source>]. Fix: <fix>`
 *
 * A suppressed finding starts with `suppressed` instead, and says who approved it, until when and why. Then the
 * suppressions in force, the summary line, and last the resource types no rule examined.
 */
export function renderText(report: CheckReport, options: TextFormatOptions = {}): string {
  const paint = (code: keyof typeof ANSI, s: string) => (options.color ? `${ANSI[code]}${s}${ANSI.reset}` : s);
  const lines: string[] = [];
  for (const stack of report.stacks) {
    const counts = stack.findings.length ? countsText(countStack(stack)) : 'no findings';
    lines.push(paint('bold', printable(stack.stack)) + printable(`  site ${stack.site}  classification ${stack.classification}  ${stack.origin.kind} ${stack.origin.file}: ${counts}`));
    for (const f of inReadingOrder(stack.findings)) lines.push(findingLine(f, paint, options.verbose ?? true));
  }
  lines.push('', report.suppressions.length ? 'suppressions in force:' : 'suppressions in force: none');
  for (const s of report.suppressions) lines.push(`  ${suppressionLine(s)}`);
  const sum = summarize(report);
  const summary = `govcloud check: ${plural(sum.errors, 'error')}, ${plural(sum.warnings, 'warning')}, ${plural(sum.suppressed, 'suppressed')}, ${plural(sum.stacks, 'stack')}`;
  lines.push('', paint('bold', summary));
  const gaps = unexaminedTypes(report);
  lines.push(gaps.length ? `resource types no rule examined (${gaps.length}):` : 'resource types no rule examined: none');
  for (const g of gaps) lines.push(printable(`  ${g.type}  in ${g.stacks.join(', ') || '(no stack named)'}`));
  return `${lines.join('\n')}\n`;
}

function findingLine(f: ReportedFinding, paint: (code: keyof typeof ANSI, s: string) => string, verbose: boolean): string {
  const construct = f.constructPath ? ` (construct ${f.constructPath})` : '';
  // Short: the field to edit where the location names one (a site's stateBackend), else the block; no rule details.
  const body = printable(
    verbose
      ? `${f.ruleId} ${f.tenant} ${locationText(f.location)} ${addressOf(f)}${construct}: ${f.found}; allowed: ${f.allowed} [${f.source}]. Fix: ${f.fix}`
      : `${f.ruleId} ${f.tenant} ${locationText(f.location)} ${f.location.field ?? addressOf(f)}${construct}: ${f.found}. Fix: ${f.fix}`,
  );
  if (f.suppressedBy) {
    const s = f.suppressedBy;
    return paint('dim', `suppressed ${f.severity} ${body}. ${printable(`Suppressed until ${s.expires}, approved by ${s.approvedBy}: ${s.reason}`)}`);
  }
  return `${paint(f.severity === 'error' ? 'red' : 'yellow', f.severity)} ${body}`;
}

function suppressionLine(s: Suppression): string {
  const declared = s.declaredAt ? `; declared at ${locationText(s.declaredAt)}` : '';
  return printable(`${s.ruleId} ${s.tenant} ${s.resource}: ${s.reason} (approved by ${s.approvedBy}, expires ${s.expires}${declared})`);
}

/**
 * Keeps one finding on one line whatever its text holds, and keeps control characters from config values
 * (an escape sequence in a YAML string, say) out of the terminal: the only escapes written are this format's own.
 */
function printable(s: string): string {
  return s.replace(/\s+/g, (run) => (/[\r\n]/.test(run) ? ' ' : run)).replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}
