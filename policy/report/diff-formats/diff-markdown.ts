import type { BlockChange, OutputDiff, RiskReason, TenantDiff, TenantPlacementSummary } from '../../diff/diff-model';
import { SITE_STACK_PREFIX } from '../../site-audit';
import { code, esc, html } from '../markdown-text';
import { changedSummary, changedTenants, fullValue, labelCounts, labelsOf, orderedChanges } from './diff-facts';
import { RECOVERY_STACK_SUFFIX, recoveryStackName } from '../../tenant-rules/avl';

const ICON = { residency: '🔴', security: '🟣', destructive: '🟠', egress: '🔵' } as const;

/** Escapes text for a Mermaid label in double quotes. */
const mer = (s: string) => s.replace(/"/g, "'").replace(/[<>]/g, '');

/** Longest value shown inline in a table cell; longer ones, and any with a line break or tab, go below the table. */
const INLINE_MAX = 80;

/**
 * The diff as a merge-request comment: a summary table, then one collapsible section per changed tenant,
 * highest risk first, each with a Mermaid diagram (GitLab and GitHub render it) of where the tenant's VMs, keys
 * and state live before and after the change, and a table of the changes.
 *
 * Tables put the risk first (the column a reviewer needs, never off-screen) and name blocks by their construct
 * path within the stack (`tenant/site/datacenter`), the Terraform address on hover (`title`) and in the JSON
 * format. Every value is escaped for where it goes: a code span whose fence is longer than any backtick run in
 * it (pipes escaped, as tables split rows before spans are parsed), or, for a value with line breaks or longer
 * than {@link INLINE_MAX}, a collapsible `<details>` below the table with the value whole in a fenced block:
 * nothing is cut, and no `*` or `_` of a Vault policy turns into emphasis.
 */
export function renderDiffMarkdown(d: OutputDiff): string {
  const changed = changedTenants(d);
  const counts = labelCounts(d);
  const lines = [
    `### GovCloud diff: ${code(d.base)} → ${code(d.head)}`,
    '',
    `${changedSummary(d)}. Changes labelled ${ICON.residency} residency ${counts.residency}, ${ICON.security} security ${counts.security}, ${ICON.destructive} destructive ${counts.destructive}, ${ICON.egress} egress ${counts.egress}.`,
    '',
  ];
  if (changed.length) {
    lines.push('| risks | tenant | status | changes |', '| --- | --- | --- | --- |');
    for (const t of changed) lines.push(`| ${labelsOf(t).map((l) => `${ICON[l]} ${l}`).join(', ') || 'none'} | ${esc(t.tenant)} | ${t.status} | ${t.changes.length} |`);
    lines.push('');
  }
  for (const t of changed) lines.push(...tenantSection(t, d.tenants.find((x) => x.tenant === recoveryStackName(t.tenant))), '');
  return `${lines.join('\n')}\n`;
}

/** A value too long or too many lines for a cell, shown whole below the table. */
interface LongValue {
  readonly block: string;
  readonly attribute: string;
  readonly side: 'before' | 'after';
  readonly text: string;
}

/** One tenant's section; `recovery`, the diff of its recovery stack, where it has one, joins its diagram. */
function tenantSection(t: TenantDiff, recovery?: TenantDiff): string[] {
  const labels = labelsOf(t);
  const out = [
    '<details>',
    `<summary>${labels.map((l) => ICON[l]).join('') || '⚪'} <b>${html(t.tenant)}</b>: ${t.status}${labels.length ? `, ${labels.join(', ')}` : ''} (${t.changes.length} changes)</summary>`,
    '',
    // A site stack places nothing (no VMs, no datacenter): its audit devices are all the table says.
    ...(t.tenant.startsWith(SITE_STACK_PREFIX) ? [] : ['```mermaid', ...placementDiagram(t, recovery), '```', '']),
    '| risk | change | block | attribute | before | after | why |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const long: LongValue[] = [];
  for (const c of orderedChanges(t)) {
    const block = blockCell(c, t.tenant);
    if (c.attributes.length === 0) {
      out.push(`| ${riskCell(c.risks)} | ${c.kind} | ${block} | | | | ${whyCell(c.risks)} |`);
      continue;
    }
    c.attributes.forEach((a, i) => {
      const risks = a.risks.length ? a.risks : i === 0 ? c.risks : [];
      const value = (side: 'before' | 'after', v: unknown) => valueCell({ block: blockName(c, t.tenant), attribute: a.path, side, text: '' }, v, long);
      out.push(`| ${riskCell(risks)} | ${i === 0 ? c.kind : ''} | ${i === 0 ? block : ''} | ${code(a.path, true)} | ${value('before', a.before)} | ${value('after', a.after)} | ${whyCell(risks)} |`);
    });
  }
  out.push('');
  for (const [i, v] of long.entries()) out.push(...longValueBlock(v, i + 1));
  out.push('</details>');
  return out;
}

/** The risk labels of a row, icon and word, one per line. */
function riskCell(risks: readonly RiskReason[]): string {
  const labels = [...new Set(risks.map((r) => r.label))];
  return labels.map((l) => `${ICON[l]} ${l}`).join('<br>');
}

/** Why each risk was given, escaped text, one per line. */
function whyCell(risks: readonly RiskReason[]): string {
  return risks.map((r) => `${ICON[r.label]} ${esc(r.reason)}`).join('<br>');
}

/**
 * The name a reader knows a block by: its construct path within the stack (`tenant/site/datacenter`), where cdktf
 * recorded one; else its Terraform address (`provider.vault`, `terraform.backend`).
 */
export function blockName(c: BlockChange, stack: string): string {
  if (!c.constructPath) return c.address;
  return c.constructPath.startsWith(`${stack}/`) ? c.constructPath.slice(stack.length + 1) : c.constructPath;
}

/** The block as a code span, with the Terraform address on hover when the name is a construct path. */
function blockCell(c: BlockChange, stack: string): string {
  const name = blockName(c, stack);
  if (name === c.address) return code(name, true);
  return `<span title="${html(c.address).replace(/\|/g, '&#124;')}">${code(name, true)}</span>`;
}

/** A value in a cell: a code span, or a pointer to where it is shown whole (pushed onto `long`). */
function valueCell(where: LongValue, value: unknown, long: LongValue[]): string {
  if (value === undefined) return '(none)';
  const text = fullValue(where.attribute, value);
  if (text === '') return '(empty)';
  if (text.length <= INLINE_MAX && !/[\r\n\t]/.test(text)) return code(text, true);
  long.push({ ...where, text: typeof value === 'string' ? text : fullValue(where.attribute, value, true) });
  const lines = text.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/).length;
  return `[${long.length}] below, ${lines > 1 ? `${lines} lines` : `${text.length} characters`}`;
}

/** A collapsible section holding one long value whole, in a fenced block longer than any fence inside it. */
function longValueBlock(v: LongValue, n: number): string[] {
  const text = v.text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return [
    '<details>',
    `<summary>[${n}] <code>${html(v.block)}</code> <code>${html(v.attribute)}</code> ${v.side}</summary>`,
    '',
    `${fence}text`,
    // A fence closes on its own line: a final line break is the block's own, not one more empty line.
    ...text.replace(/\n$/, '').split('\n'),
    fence,
    '',
    '</details>',
    '',
  ];
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
