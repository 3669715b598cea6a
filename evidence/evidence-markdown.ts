import { replicaRows } from './replica-evidence';
import { esc, flat } from '../policy/report/markdown-text';
import type { Suppression } from '../policy/suppression';
import type { EvaluatedRule, EvidenceSummary, ResidencyEvidence } from './residency-evidence';
import { formatSource, formatSources } from '../policy/source';
import { asDeployedLine, asDeployedMarkdown } from './as-deployed';
import { componentTable, NO_CATALOGUE } from '../policy/report/vendors-format';

/**
 * The evidence as Markdown, for a DPO or an auditor: a result line first (warnings, failures, suppressions), then
 * where data, keys and state live, every rule with its result, each finding behind a result other than pass, and
 * the suppressions in force with who approved them and until when.
 */
export function evidenceMarkdown(e: ResidencyEvidence): string {
  const yes = (b: boolean | undefined) => (b ? 'yes' : 'no');
  const lines = [
    `# Residency evidence: ${e.tenant}`,
    '',
    `${e.description ?? ''}`.trim(),
    '',
    `Owner: ${e.owner.organisation} (${e.owner.contact}). Evaluated on ${e.evaluatedOn} by ${e.tool.name} ${e.tool.version}, rule catalogue \`${e.tool.catalogueVersion}\`.`,
    '',
    `**Result: ${summaryLine(e.summary)}.**`,
    '',
    `As deployed: ${esc(asDeployedLine(e.asDeployed))} (see [As deployed](#as-deployed)).`,
    '',
    '## Data',
    '',
    `| | |`,
    `| --- | --- |`,
    `| Classification | ${e.classification.id}: ${e.classification.description} |`,
    `| Allowed countries | ${e.classification.countries.value.join(', ')} (${formatSources(e.classification.countries.source)}) |`,
    `| Allowed operator jurisdictions | ${e.classification.operatorJurisdictions.value.join(', ')} (${formatSources(e.classification.operatorJurisdictions.source)}) |`,
    `| Site | ${e.site.id}: ${e.site.name} |`,
    `| Country | ${e.site.country} |`,
    `| Operator | ${e.site.operator} |`,
    `| Operator jurisdictions | ${e.site.operatorJurisdictions.join(', ')} |`,
    `| EU-established / EU-controlled | ${yes(e.site.euEstablished)} / ${yes(e.site.euControlled)} |`,
    `| Tier, air-gapped | ${e.site.tier ?? 'unrated'}, ${yes(e.site.airGapped)} |`,
    `| Certifications | ${e.site.certifications.join(', ')} |`,
    `| vCenter, datacenter | ${e.site.vcenter}, ${e.site.datacenter} |`,
    '',
    '## Keys and state',
    '',
    `| | |`,
    `| --- | --- |`,
    `| Key custodian | ${e.keys.custodian} (${e.keys.edition}), ${e.keys.isolation} |`,
    `| Data key | ${e.keys.transitKey} |`,
    `| Audit devices | ${e.keys.auditDevices.join('; ')} |`,
    `| Terraform state | ${e.state.backend}: ${e.state.location} |`,
    `| Stack | \`${e.stack.file}\` sha256 \`${e.stack.sha256}\` |`,
    '',
    '## Vendors and licences',
    '',
    ...vendorLines(e),
    '',
    '## Where replicas live',
    '',
    ...replicaRows(e.replicas),
    '',
    '## Rules evaluated',
    '',
    '| rule | scope | result | title | source |',
    '| --- | --- | --- | --- | --- |',
    ...e.rules.map((r) => `| ${r.id} | ${r.scope} | ${resultCell(r)} | ${r.title.replace(/\|/g, '\\|')} | ${r.sources.map(formatSource).join('<br>').replace(/\|/g, '\\|')} |`),
    '',
    '## Findings',
    '',
    ...findingLines(e.rules),
    '',
    ...asDeployedMarkdown(e.asDeployed),
    '## Suppressions in force',
    '',
    ...(e.suppressions.length
      ? e.suppressions.map((s) => `- ${s.ruleId} on \`${flat(s.resource)}\`: ${esc(s.reason)} (approved by ${esc(s.approvedBy)}, expires ${esc(s.expires)})`)
      : ['None.']),
    '',
  ];
  return lines.join('\n');
}

/** The tenant's components table, and the components of a single vendor with no supported alternative. */
function vendorLines(e: ResidencyEvidence): string[] {
  const own = e.vendors.tenants[0];
  if (!e.vendors.catalogue || !own) return [esc(NO_CATALOGUE)];
  const single = e.vendors.singleVendor.map((s) => s.name);
  return [...componentTable(own), '', `Single vendor, no alternative this toolkit supports: ${single.length ? esc(single.join(', ')) : 'none'}.`];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `2 warnings, 0 failures, 1 suppressed (46 rules evaluated, 43 pass)`. */
export function summaryLine(s: EvidenceSummary): string {
  return `${plural(s.warnings, 'warning', 'warnings')}, ${plural(s.failures, 'failure', 'failures')}, ${s.suppressed} suppressed (${plural(s.rules, 'rule', 'rules')} evaluated, ${s.pass} pass)`;
}

/** Who approved a suppression and until when, in the words the tables use. */
const approval = (s: Suppression) => `approved by ${esc(s.approvedBy)}, until ${esc(s.expires)}`;

/** The result column: the word, and for suppressions who approved them and until when. */
function resultCell(r: EvaluatedRule): string {
  const approvals = r.suppressedBy.map(approval).join('; ').replace(/\|/g, '\\|');
  if (r.result === 'suppressed') return `suppressed (${approvals})`;
  if (r.suppressedBy.length) return `${r.result} (${r.findings.filter((f) => f.suppressedBy).length} suppressed: ${approvals})`;
  return r.result;
}

/** One item per finding of a rule that did not pass, suppressed ones marked as such with their approval. */
function findingLines(rules: readonly EvaluatedRule[]): string[] {
  const lines = rules.flatMap((r) =>
    r.findings.map((f) => {
      const where = (f as { location?: { file: string; line?: number; field?: string } }).location;
      const at = where ? `${where.file}${where.line ? `:${where.line}` : ''}: ${where.field ?? f.field}` : f.field;
      const head = f.suppressedBy ? `suppressed ${f.severity}` : f.severity;
      const waived = f.suppressedBy ? ` Suppressed (${approval(f.suppressedBy)}): ${esc(f.suppressedBy.reason)}` : '';
      return `- **${head}** ${r.id} (${r.scope}, ${esc(at)}): ${esc(f.found)}; allowed: ${esc(f.allowed)}. Fix: ${esc(f.fix)}.${waived}`;
    }),
  );
  return lines.length ? lines : ['None: every rule passed.'];
}
