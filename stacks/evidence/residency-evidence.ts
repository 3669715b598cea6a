import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { TENANT_RULES } from '../../policy/catalogue';
import type { Finding } from '../../policy/finding';
import type { Classification, Site } from '../../policy/model';
import type { CheckReport, ReportedFinding, Suppression } from '../../policy/report/check-report';
import type { GovCloudConfig, LoadedTenant } from '../config/load-config';

/** One rule as evaluated for one tenant. */
export interface EvaluatedRule {
  readonly id: string;
  /** `tenant` rules judge the declaration; `stack` rules judge the synthesized Terraform. */
  readonly scope: 'tenant' | 'stack';
  readonly title: string;
  readonly source: string;
  readonly result: 'pass' | 'fail' | 'suppressed';
  readonly findings: readonly Finding[];
}

/**
 * What a data-protection officer or auditor needs about one tenant: where its data, keys and state live, under
 * which law, which rules were evaluated and with what result, the exceptions in force, and the hash of the
 * exact stack the record describes.
 */
export interface ResidencyEvidence {
  readonly tenant: string;
  readonly description?: string;
  readonly owner: LoadedTenant['spec']['owner'];
  readonly evaluatedOn: string;
  readonly tool: CheckReport['tool'];
  readonly classification: Pick<Classification, 'id' | 'description' | 'countries' | 'operatorJurisdictions' | 'airGapped' | 'certificationsAll' | 'certificationsAnyOf'>;
  readonly site: Pick<Site, 'id' | 'name' | 'country' | 'operator' | 'operatorJurisdictions' | 'euEstablished' | 'euControlled' | 'tier' | 'airGapped' | 'certifications'> & { readonly vcenter: string; readonly datacenter: string };
  readonly keys: { readonly custodian: string; readonly edition: Site['vault']['edition']; readonly isolation: string; readonly transitKey: string; readonly auditDevices: string[] };
  readonly state: { readonly backend: string; readonly location: string };
  readonly stack: { readonly file: string; readonly sha256: string };
  readonly rules: readonly EvaluatedRule[];
  readonly suppressions: readonly Suppression[];
}

/** Builds the evidence of `tenant` from the config, the check report of its stack and the stack file. */
export function residencyEvidence(
  config: GovCloudConfig,
  tenant: LoadedTenant,
  tenantFindings: readonly Finding[],
  report: CheckReport,
  stackFile: string,
  today: string,
): ResidencyEvidence {
  const spec = tenant.spec;
  const site = config.sites.get(spec.site)!;
  const c = config.classifications.get(spec.classification)!;
  const stackReport = report.stacks.find((s) => s.tenant === spec.name);
  const stackFindings: readonly ReportedFinding[] = stackReport?.findings ?? [];
  const json = fs.readFileSync(stackFile);
  const stack = JSON.parse(json.toString('utf8')) as { terraform?: { backend?: Record<string, Record<string, unknown>> }; resource?: Record<string, Record<string, Record<string, unknown>>> };
  const [backendType, backendValues] = Object.entries(stack.terraform?.backend ?? {})[0] ?? ['none', {}];
  const namespaced = Object.keys(stack.resource?.vault_namespace ?? {}).length > 0;
  const audits = Object.values(stack.resource?.vault_audit ?? {}).map((a) => `${String(a.type)} at ${String(a.path)}`);
  const rules: EvaluatedRule[] = [
    ...TENANT_RULES.map((r) => evaluated(r.id, 'tenant', r.title, r.source, tenantFindings.filter((f) => f.ruleId === r.id))),
    ...report.rules.map((r) => evaluated(r.id, 'stack', r.title, r.source, stackFindings.filter((f) => f.ruleId === r.id))),
  ];
  return {
    tenant: spec.name,
    description: spec.description,
    owner: spec.owner,
    evaluatedOn: today,
    tool: report.tool,
    classification: {
      id: c.id,
      description: c.description,
      countries: c.countries,
      operatorJurisdictions: c.operatorJurisdictions,
      airGapped: c.airGapped,
      certificationsAll: c.certificationsAll,
      certificationsAnyOf: c.certificationsAnyOf,
    },
    site: {
      id: site.id,
      name: site.name,
      country: site.country,
      operator: site.operator,
      operatorJurisdictions: site.operatorJurisdictions,
      euEstablished: site.euEstablished,
      euControlled: site.euControlled,
      tier: site.tier,
      airGapped: site.airGapped,
      certifications: site.certifications,
      vcenter: site.vsphere.server,
      datacenter: site.vsphere.datacenter,
    },
    keys: {
      custodian: site.vault.address,
      edition: site.vault.edition,
      isolation: namespaced ? `namespace ${spec.name}` : `mount prefix tenants/${spec.name}/`,
      transitKey: `${spec.name}-data (not exportable, no plaintext backup, ${spec.keys.deletionAllowed ? 'deletable' : 'not deletable'}, rotation ${spec.keys.rotationDays} days)`,
      auditDevices: audits,
    },
    state: {
      backend: backendType,
      location: backendType === 'local' ? `${String(backendValues.path ?? 'terraform.tfstate')} in the stack folder, on the machine that runs terraform` : JSON.stringify(redactBackend(backendValues)),
    },
    stack: { file: path.basename(path.dirname(stackFile)) + '/cdk.tf.json', sha256: createHash('sha256').update(json).digest('hex') },
    rules,
    suppressions: report.suppressions.filter((s) => s.tenant === spec.name),
  };
}

function evaluated(id: string, scope: EvaluatedRule['scope'], title: string, source: string, findings: readonly Finding[]): EvaluatedRule {
  const live = findings.filter((f) => !(f as ReportedFinding).suppressedBy);
  const result = live.some((f) => f.severity === 'error') ? 'fail' : findings.length > live.length ? 'suppressed' : 'pass';
  return { id, scope, title, source, result, findings };
}

/** Backend settings without anything that looks like a credential. */
function redactBackend(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, /key|secret|password|token|conn_str/i.test(k) ? '(redacted)' : v]));
}

/** The evidence as Markdown, for a DPO or an auditor. */
export function evidenceMarkdown(e: ResidencyEvidence): string {
  const yes = (b: boolean | undefined) => (b ? 'yes' : 'no');
  const lines = [
    `# Residency evidence: ${e.tenant}`,
    '',
    `${e.description ?? ''}`.trim(),
    '',
    `Owner: ${e.owner.organisation} (${e.owner.contact}). Evaluated on ${e.evaluatedOn} by ${e.tool.name} ${e.tool.version}, rule catalogue \`${e.tool.catalogueVersion}\`.`,
    '',
    '## Data',
    '',
    `| | |`,
    `| --- | --- |`,
    `| Classification | ${e.classification.id}: ${e.classification.description} |`,
    `| Allowed countries | ${e.classification.countries.value.join(', ')} (${e.classification.countries.source}) |`,
    `| Allowed operator jurisdictions | ${e.classification.operatorJurisdictions.value.join(', ')} (${e.classification.operatorJurisdictions.source}) |`,
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
    '## Rules evaluated',
    '',
    '| rule | scope | result | title | source |',
    '| --- | --- | --- | --- | --- |',
    ...e.rules.map((r) => `| ${r.id} | ${r.scope} | ${r.result} | ${r.title.replace(/\|/g, '\\|')} | ${r.source.replace(/\|/g, '\\|')} |`),
    '',
    '## Suppressions in force',
    '',
    ...(e.suppressions.length
      ? e.suppressions.map((s) => `- ${s.ruleId} on \`${s.resource}\`: ${s.reason} (approved by ${s.approvedBy}, expires ${s.expires})`)
      : ['None.']),
    '',
  ];
  return lines.join('\n');
}
