import type { OutputDiff, TenantDiff, TenantPlacementSummary } from '../../diff/diff-model';
import { SITE_STACK_PREFIX } from '../../site-audit';
import { RECOVERY_STACK_SUFFIX, recoveryStackName } from '../../tenant-rules/avl';
import { changedSummary, changedTenants, labelCounts, labelsOf, orderedChanges, showValue } from './diff-facts';

const ICON = { residency: '🔴', security: '🟣', destructive: '🟠', egress: '🔵' } as const;

/** Escapes text for a Markdown table cell or line (pipes, HTML, backticks). */
const md = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, "'").replace(/\n/g, ' ');
/** Escapes text for a Mermaid label in double quotes. */
const mer = (s: string) => s.replace(/"/g, "'").replace(/[<>]/g, '');

/**
 * The diff as a merge-request comment: a summary table, then one collapsible section per changed tenant,
 * highest risk first, each with a Mermaid diagram (GitLab and GitHub render it) of where the tenant's VMs, keys
 * and state live before and after the change.
 */
export function renderDiffMarkdown(d: OutputDiff): string {
  const changed = changedTenants(d);
  const counts = labelCounts(d);
  const lines = [
    `### GovCloud diff: \`${md(d.base)}\` → \`${md(d.head)}\``,
    '',
    `${changedSummary(d)}. Changes labelled ${ICON.residency} residency ${counts.residency}, ${ICON.security} security ${counts.security}, ${ICON.destructive} destructive ${counts.destructive}, ${ICON.egress} egress ${counts.egress}.`,
    '',
  ];
  if (changed.length) {
    lines.push('| tenant | status | risks | changes |', '| --- | --- | --- | --- |');
    for (const t of changed) lines.push(`| ${md(t.tenant)} | ${t.status} | ${labelsOf(t).map((l) => `${ICON[l]} ${l}`).join(', ') || 'none'} | ${t.changes.length} |`);
    lines.push('');
  }
  for (const t of changed) lines.push(...tenantSection(t, d.tenants.find((x) => x.tenant === recoveryStackName(t.tenant))), '');
  return `${lines.join('\n')}\n`;
}

/** One tenant's section; `recovery`, the diff of its recovery stack, where it has one, joins its diagram. */
function tenantSection(t: TenantDiff, recovery?: TenantDiff): string[] {
  const labels = labelsOf(t);
  const out = [
    '<details>',
    `<summary>${labels.map((l) => ICON[l]).join('') || '⚪'} <b>${md(t.tenant)}</b>: ${t.status}${labels.length ? `, ${labels.join(', ')}` : ''} (${t.changes.length} changes)</summary>`,
    '',
    // A site stack places nothing (no VMs, no datacenter): its audit devices are all the table says.
    ...(t.tenant.startsWith(SITE_STACK_PREFIX) ? [] : ['```mermaid', ...placementDiagram(t, recovery), '```', '']),
    '| change | block | attribute | before | after | risk |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of orderedChanges(t)) {
    const why = c.risks.map((r) => `${ICON[r.label]} ${md(r.reason)}`).join('<br>');
    if (c.attributes.length === 0) {
      out.push(`| ${c.kind} | \`${md(c.address)}\` | | | | ${why} |`);
      continue;
    }
    c.attributes.forEach((a, i) => {
      const risk = a.risks.map((r) => `${ICON[r.label]} ${md(r.reason)}`).join('<br>') || (i === 0 ? why : '');
      out.push(`| ${i === 0 ? c.kind : ''} | ${i === 0 ? `\`${md(c.address)}\`` : ''} | \`${md(a.path)}\` | ${md(showValue(a.path, a.before))} | ${md(showValue(a.path, a.after))} | ${risk} |`);
    });
  }
  out.push('', '</details>');
  return out;
}

/**
 * A left-to-right flowchart: before and after, each VMs → datacenter/site (primary, and the recovery site where the
 * tenant has one), keys → Vault, state → backend.
 */
function placementDiagram(t: TenantDiff, recovery?: TenantDiff): string[] {
  const where = (p: TenantPlacementSummary) => `${mer(p.datacenters.join(', ') || 'no datacenter')} @ ${mer(p.site ?? 'unknown site')} (${mer(p.country ?? '?')})`;
  const role = t.tenant.endsWith(RECOVERY_STACK_SUFFIX) ? 'recovery' : 'primary';
  // Which copy a node is, said only where there are two: the tenant's and its recovery stack's.
  const named = recovery || role === 'recovery' ? `${role}: ` : '';
  const side = (id: string, title: string, p?: TenantPlacementSummary, r?: TenantPlacementSummary): string[] => {
    if (!p) return [`  subgraph ${id}["${title}: none"]`, `    ${id}_none["no stack"]`, '  end'];
    return [
      `  subgraph ${id}["${title}"]`,
      `    ${id}_vms["${p.vms} VMs, ${mer(p.classification ?? 'unclassified')}"] --> ${id}_dc["${named}${where(p)}"]`,
      ...(r ? [`    ${id}_vms -. replica .-> ${id}_rec["recovery: ${r.vms} VMs, ${where(r)}"]`] : []),
      `    ${id}_keys["keys"] --> ${id}_vault["${mer(p.vault ?? (role === 'recovery' ? "the primary's, replicated" : 'no Vault'))}"]`,
      `    ${id}_state["state"] --> ${id}_backend["${mer(p.state ?? 'no backend')}"]`,
      '  end',
    ];
  };
  return ['flowchart LR', ...side('before', 'before', t.before, recovery?.before), ...side('after', 'after', t.after, recovery?.after), '  before ~~~ after'];
}
