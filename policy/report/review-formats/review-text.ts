import type { RiskLabel } from '../../diff/diff-model';
import { formatFinding } from '../../finding';
import type { PlannedAction, PlannedChange, PlanReview, TenantPlanReview } from '../../review/plan-review';
import { actionSymbol, attributeNotes, countsText, findingCounts, labelsOfChange, reasonsOf, showValue, totalCounts } from './review-facts';

/** Options of {@link renderReviewText}. */
export interface ReviewTextOptions {
  /**
   * Colour actions and labels with ANSI escapes (for a terminal).
   * @default false - plain text, safe for files, CI logs and pipes
   */
  readonly color?: boolean;
}

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', blue: '\x1b[34m', magenta: '\x1b[35m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' } as const;
type Colour = keyof typeof ANSI;

const ACTION_COLOUR: Readonly<Record<PlannedAction, Colour>> = { create: 'green', update: 'yellow', replace: 'red', delete: 'red', read: 'blue', forget: 'dim' };
const LABEL_COLOUR: Readonly<Record<RiskLabel, Colour>> = { residency: 'red', security: 'magenta', destructive: 'red', egress: 'blue' };

/**
 * The review for a terminal: per tenant a summary line, then each change (highest risk first) with its labels, why
 * it happens, and the attributes it changes (`path: before -> after`), then the outputs that change and the policy
 * findings; last a line summing every tenant. Every value in the review is already masked.
 */
export function renderReviewText(review: PlanReview, options: ReviewTextOptions = {}): string {
  const paint = (code: Colour, s: string) => (options.color ? `${ANSI[code]}${s}${ANSI.reset}` : s);
  const lines: string[] = [];
  for (const t of review.tenants) lines.push(...tenantLines(t, paint), '');
  const labels = review.labels.length ? review.labels.map((l) => paint(LABEL_COLOUR[l], l)).join(', ') : 'none';
  const tenants = review.tenants.length === 1 ? '1 tenant' : `${review.tenants.length} tenants`;
  lines.push(`${paint('bold', 'govcloud plan review:')} ${tenants}, ${countsText(totalCounts(review))}; labels: ${labels}`);
  return `${lines.join('\n')}\n`;
}

function tenantLines(t: TenantPlanReview, paint: (code: Colour, s: string) => string): string[] {
  const f = findingCounts(t.findings);
  const terraform = t.terraformVersion ? ` (Terraform ${t.terraformVersion})` : '';
  const labels = t.labels.length ? t.labels.map((l) => paint(LABEL_COLOUR[l], l)).join(', ') : 'none';
  const lines = [
    `${paint('bold', printable(t.tenant))}  ${printable(`plan ${t.file}${terraform}`)}: ${countsText(t.counts)}; labels: ${labels}; policy: ${f.errors} errors, ${f.warnings} warnings, ${f.suppressed} suppressed`,
  ];
  if (t.applyable === false) lines.push('  terraform says this plan is not applyable (nothing to apply, or it errored)');
  if (t.complete === false) lines.push('  terraform says this plan is incomplete: another plan and apply will be needed after this one');
  for (const c of t.changes) lines.push(...changeLines(c, paint));
  if (t.outputs.length) {
    lines.push('  outputs:');
    for (const o of t.outputs) {
      const symbol = actionSymbol({ action: o.action, actions: [o.action] });
      lines.push(`    ${paint(ACTION_COLOUR[o.action], symbol)} ${printable(`${o.name}: ${showValue(o.before)} -> ${showValue(o.after)}`)}`);
    }
  }
  if (t.findings.length) {
    lines.push('  policy findings:');
    for (const finding of t.findings) {
      const line = printable(formatFinding(finding));
      lines.push(`    ${finding.suppressedBy ? paint('dim', `suppressed ${line}`) : finding.severity === 'error' ? `${paint('red', 'error')}${line.slice('error'.length)}` : `${paint('yellow', 'warning')}${line.slice('warning'.length)}`}`);
    }
  }
  return lines;
}

function changeLines(c: PlannedChange, paint: (code: Colour, s: string) => string): string[] {
  const labels = labelsOfChange(c);
  const tag = labels.length ? ` [${labels.map((l) => paint(LABEL_COLOUR[l], l)).join(', ')}]` : '';
  const lines = [`  ${paint(ACTION_COLOUR[c.action], `${actionSymbol(c)} ${c.action}`)} ${printable(c.address)}${tag}`];
  const reasons = reasonsOf(c);
  if (reasons.length) lines.push(`      because ${printable(reasons.join('; '))}`);
  for (const r of c.risks) lines.push(`      ${paint(LABEL_COLOUR[r.label] ?? 'bold', r.label)}: ${printable(r.reason)}`);
  for (const a of c.attributes) {
    const notes = attributeNotes(a);
    lines.push(`      ${printable(`${a.path}: ${showValue(a.before)} -> ${showValue(a.after)}`)}${notes.length ? paint('dim', ` (${notes.join(', ')})`) : ''}`);
  }
  return lines;
}

/** One line, and no control characters from plan values in the terminal: the only escapes written are this format's own. */
function printable(s: string): string {
  return s.replace(/\s+/g, (run) => (/[\r\n]/.test(run) ? ' ' : run)).replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}
