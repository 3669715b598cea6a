import { summarize, type CheckReport } from '../check-report';
import { inReadingOrder, type ReportedFinding } from '../../reported-finding';
import { addressOf, countStack, locationText, plural, unexaminedTypes } from './report-facts';
import { code, esc } from '../markdown-text';

/**
 * The report as a merge-request comment (GitLab and GitHub Markdown): the summary, a table of stacks, the
 * findings of each stack (errors first, each with its fix), the suppressions in force, and last the resource
 * types no rule examined. Config values are escaped, so a `|` cannot break a table and a `<` or `*` in a
 * description cannot turn into markup.
 */
export function renderMarkdown(report: CheckReport): string {
  const sum = summarize(report);
  const lines: string[] = [
    '## govcloud check',
    '',
    `**${plural(sum.errors, 'error')}, ${plural(sum.warnings, 'warning')}, ${plural(sum.suppressed, 'suppressed')}** in ${plural(sum.stacks, 'stack')}` +
      ` (${esc(report.tool.name)} ${esc(report.tool.version)}, rule catalogue ${code(report.tool.catalogueVersion)}).`,
    '',
    '| stack | classification | site | errors | warnings | suppressed |',
    '| --- | --- | --- | ---: | ---: | ---: |',
    ...report.stacks.map((s) => {
      const c = countStack(s);
      return `| ${cell(s.stack)} | ${cell(s.classification)} | ${cell(s.site)} | ${c.errors} | ${c.warnings} | ${c.suppressed} |`;
    }),
    '',
    '### Findings',
  ];
  for (const stack of report.stacks) {
    lines.push('', `#### ${esc(stack.stack)}`, '', `Classification ${esc(stack.classification)}, site ${esc(stack.site)}, read from ${code(stack.origin.file)} (${stack.origin.kind}).`, '');
    if (!stack.findings.length) lines.push('No findings.');
    for (const f of inReadingOrder(stack.findings)) lines.push(findingItem(f));
  }
  lines.push('', '### Suppressions in force', '');
  if (report.suppressions.length) {
    lines.push('| rule | tenant | resource | reason | approved by | expires | declared at |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const s of report.suppressions) {
      const declared = s.declaredAt ? code(locationText(s.declaredAt), true) : '';
      lines.push(`| ${cell(s.ruleId)} | ${cell(s.tenant)} | ${code(s.resource, true)} | ${cell(s.reason)} | ${cell(s.approvedBy)} | ${cell(s.expires)} | ${declared} |`);
    }
  } else {
    lines.push('None.');
  }
  lines.push('', '### Resource types no rule examined', '');
  const gaps = unexaminedTypes(report);
  if (gaps.length) {
    lines.push('A coverage gap: these types are in the stacks, and no rule looked at them.', '', '| resource type | stacks |', '| --- | --- |');
    for (const g of gaps) lines.push(`| ${code(g.type, true)} | ${cell(g.stacks.join(', '))} |`);
  } else {
    lines.push('None: a rule examined every resource type in these stacks.');
  }
  return `${lines.join('\n')}\n`;
}

/** One finding as a Markdown list item: severity, rule, where to edit, block, what was found, the fix. */
export function findingItem(f: ReportedFinding): string {
  const construct = f.constructPath ? ` (construct ${code(f.constructPath)})` : '';
  const head = `**${f.suppressedBy ? `suppressed ${f.severity}` : f.severity}** ${esc(f.ruleId)} ${code(locationText(f.location))} ${code(addressOf(f))}${construct}`;
  const body = `${esc(f.found)}; allowed: ${esc(f.allowed)}. **Fix:** ${esc(f.fix)} _(${esc(f.source)})_`;
  const waived = f.suppressedBy
    ? ` Suppressed until ${esc(f.suppressedBy.expires)}, approved by ${esc(f.suppressedBy.approvedBy)}: ${esc(f.suppressedBy.reason)}`
    : '';
  return `- ${head}: ${body}${waived}`;
}

/** A table cell: running text whose `|` cannot end the cell. */
function cell(s: string): string {
  return esc(s);
}
