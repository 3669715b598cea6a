import type { RiskLabel } from '../../diff/diff-model';
import type { PlannedChange, PlanReview, TenantPlanReview } from '../../review/plan-review';
import { actionSymbol, attributeNotes, changesByLabel, countsText, findingCounts, labelsOfChange, reasonsOf, showValue, totalCounts } from './review-facts';
import { code, esc, html } from '../markdown-text';
import { findingItem } from '../formats/markdown-format';

/** The icons the diff report uses, so a reviewer reads both comments the same way. */
const ICON: Readonly<Record<RiskLabel, string>> = { residency: '🔴', security: '🟣', destructive: '🟠', egress: '🔵' };

/**
 * The review as a merge-request comment (GitLab and GitHub Markdown): a summary table with one row per tenant
 * (counts per action, labels, policy findings), then per tenant its changes filed under their highest label
 * (residency, security, destructive, egress, then unlabelled), each in a `<details>` section with why it happens,
 * its labels and a table of the attributes it changes; then the outputs that change and the policy findings.
 * Every value is masked in the review already; here it is only escaped, so no `|`, `<` or backtick in a value can
 * break the table or turn into markup.
 */
export function renderReviewMarkdown(review: PlanReview): string {
  const labels = review.labels.length ? review.labels.map(labelText).join(', ') : 'none';
  const lines = [
    '## govcloud plan review',
    '',
    `**${esc(countsText(totalCounts(review)))}** in ${review.tenants.length === 1 ? '1 tenant' : `${review.tenants.length} tenants`}; labels: ${labels}.`,
    '',
    // The labels and findings first, as in the diff comment: the columns a reviewer needs, before a narrow
    // window cuts the table; the plan file, the longest cell, last.
    '| labels | policy findings | tenant | create | update | replace | delete | read | plan |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...review.tenants.map((t) => {
      const f = findingCounts(t.findings);
      const c = t.counts;
      return `| ${t.labels.map(labelText).join(', ') || 'none'} | ${f.errors} errors, ${f.warnings} warnings, ${f.suppressed} suppressed | ${esc(t.tenant)} | ${c.create} | ${c.update} | ${c.replace} | ${c.delete} | ${c.read} | ${code(t.file, true)} |`;
    }),
  ];
  for (const t of review.tenants) lines.push('', ...tenantSection(t));
  // Values are on one line each, so collapsing blank lines cannot touch one.
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

const labelText = (l: RiskLabel) => `${ICON[l] ?? ''} ${l}`.trim();

function tenantSection(t: TenantPlanReview): string[] {
  const terraform = t.terraformVersion ? `, Terraform ${esc(t.terraformVersion)}` : '';
  const lines = [`### ${esc(t.tenant)}`, '', `Plan ${code(t.file)}${terraform}: ${esc(countsText(t.counts))}.`];
  if (t.applyable === false) lines.push('', 'Terraform says this plan is **not applyable**.');
  if (t.complete === false) lines.push('', 'Terraform says this plan is **incomplete**: another plan and apply will be needed after this one.');
  for (const group of changesByLabel(t)) {
    lines.push('', `#### ${group.label ? `${labelText(group.label)} (${group.changes.length})` : `Unlabelled (${group.changes.length})`}`, '');
    for (const c of group.changes) lines.push(...changeDetails(c), '');
  }
  if (t.outputs.length) {
    lines.push('', '#### Outputs', '', '| output | action | before | after |', '| --- | --- | --- | --- |');
    for (const o of t.outputs) lines.push(`| ${code(o.name, true)} | ${o.action} | ${code(showValue(o.before), true)} | ${code(showValue(o.after), true)} |`);
  }
  lines.push('', '#### Policy findings', '');
  if (t.findings.length) lines.push(...t.findings.map(findingItem));
  else lines.push('None.');
  return lines;
}

/** A change with something to say in a `<details>` section; one that has nothing (a plain create) as a list item. */
function changeDetails(c: PlannedChange): string[] {
  const labels = labelsOfChange(c);
  const icons = labels.map((l) => ICON[l] ?? '').join('') || '⚪';
  const reasons = reasonsOf(c);
  if (!reasons.length && !c.risks.length && !c.attributes.length) return [`- ${icons} **${esc(`${actionSymbol(c)} ${c.action}`)}** ${code(c.address)}`];
  const summary = `${icons} <b>${html(`${actionSymbol(c)} ${c.action}`)}</b> <code>${html(c.address)}</code>${labels.length ? `: ${html(labels.join(', '))}` : ''}`;
  const lines = ['<details>', `<summary>${summary}</summary>`, ''];
  if (reasons.length) lines.push(`Because ${esc(reasons.join('; '))}.`, '');
  for (const r of c.risks) lines.push(`- ${labelText(r.label)}: ${esc(r.reason)}${r.rule ? ` (${code(r.rule)})` : ''}`);
  if (c.risks.length) lines.push('');
  if (c.attributes.length) {
    lines.push('| attribute | before | after | |', '| --- | --- | --- | --- |');
    for (const a of c.attributes) {
      const notes = attributeNotes(a).join(', ');
      lines.push(`| ${code(a.path, true)} | ${code(showValue(a.before), true)} | ${code(showValue(a.after), true)} | ${esc(notes)} |`);
    }
    lines.push('');
  }
  lines.push('</details>');
  return lines;
}

