import type { OutputDiff } from '../../diff/diff-model';
import { changedSummary, changedTenants, labelCounts, labelsOf, orderedChanges, showValue } from './diff-facts';

const COLOURS = { residency: '\u001b[31m', security: '\u001b[35m', destructive: '\u001b[33m', egress: '\u001b[36m' } as const;
const RESET = '\u001b[0m';

/** The diff as plain text, one line per attribute change; ANSI colour only when `color`. */
export function renderDiffText(d: OutputDiff, options: { color?: boolean } = {}): string {
  const paint = (label: keyof typeof COLOURS, text: string) => (options.color ? `${COLOURS[label]}${text}${RESET}` : text);
  const tag = (labels: (keyof typeof COLOURS)[]) => (labels.length ? ` [${labels.map((l) => paint(l, l)).join(', ')}]` : '');
  const lines = [`govcloud diff ${d.base} -> ${d.head}`];
  const changed = changedTenants(d);
  for (const t of changed) {
    lines.push('', `${t.tenant}: ${t.status}${tag(labelsOf(t))}`);
    if (t.before?.site !== t.after?.site && t.before && t.after) lines.push(`  site ${t.before.site} (${t.before.country}) -> ${t.after.site} (${t.after.country})`);
    for (const c of orderedChanges(t)) {
      lines.push(`  ${c.kind === 'added' ? '+' : c.kind === 'removed' ? '-' : '~'} ${c.address}${tag(labelsOf(c))}`);
      for (const a of c.attributes) lines.push(`      ${a.path}: ${showValue(a.path, a.before)} -> ${showValue(a.path, a.after)}`);
      for (const r of c.risks) lines.push(`      ${r.label}: ${r.reason}`);
    }
  }
  const counts = labelCounts(d);
  lines.push(
    '',
    `${changedSummary(d)}; changes labelled residency ${counts.residency}, security ${counts.security}, destructive ${counts.destructive}, egress ${counts.egress}`,
  );
  return `${lines.join('\n')}\n`;
}
