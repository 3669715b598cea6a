import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { TENANT_RULES } from '../policy/tenant-rules/catalogue';
import type { Finding } from '../policy/finding';
import type { Classification, Site } from '../policy/model';
import type { CheckReport } from '../policy/report/check-report';
import type { ReportedFinding } from '../policy/reported-finding';
import type { Suppression } from '../policy/suppression';
import type { GovCloudConfig, LoadedTenant } from '../loader/load-config';
import { formatSources, type Source } from '../policy/source';
import type { RuleDescription } from '../policy/rule-description';
import { deviceLogsTenant, openBaoAuditFile, siteAuditDevices, siteStackName } from '../policy/site-audit';
import { NOT_VERIFIED, type AsDeployed } from './as-deployed';
import { vendorExposure, type VendorsReport } from '../policy/vendor-exposure';
import { replicaPlaces, type ReplicaPlace } from './replica-evidence';

/**
 * What one rule concluded for one tenant, the worst of its findings: `fail` when an error is in force, `warning`
 * when a warning is, `suppressed` when every finding is covered by a suppression, `pass` when there is none.
 * A warning is never a pass: the record is read by someone who cannot see the check's console output.
 */
export type RuleResult = 'pass' | 'warning' | 'fail' | 'suppressed';

/** One rule as evaluated for one tenant. */
export interface EvaluatedRule {
  readonly id: string;
  /** `tenant` rules judge the declaration; `stack` rules judge the synthesized Terraform. */
  readonly scope: 'tenant' | 'stack';
  readonly title: string;
  /** The rule's sources, each tagged `law`, `standard` or `policy` (with whose), as the rule states them. */
  readonly sources: readonly Source[];
  /** The same sources as one line (`standard: SecNumCloud 3.2, 10.1.a; law: GDPR art. 44`), for a quick read. */
  readonly source: string;
  readonly result: RuleResult;
  /** Every finding of the rule, suppressed ones included (each with its `suppressedBy`). */
  readonly findings: readonly (Finding & { readonly suppressedBy?: Suppression })[];
  /** The suppressions that cover findings of this rule: who approved them, until when, and why. */
  readonly suppressedBy: readonly Suppression[];
}

/** How many rules ended in each result: the line a reader looks at first. */
export interface EvidenceSummary {
  readonly rules: number;
  readonly pass: number;
  readonly warnings: number;
  readonly failures: number;
  readonly suppressed: number;
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
  /** What the tenant depends on: components, vendors, licences and exposure (S6), as `govcloud vendors` reports it. */
  readonly vendors: VendorsReport;
  /** Every place a copy of the tenant's data lives: the primary site, and the recovery site where it declares one. */
  readonly replicas: readonly ReplicaPlace[];
  readonly summary: EvidenceSummary;
  readonly rules: readonly EvaluatedRule[];
  readonly suppressions: readonly Suppression[];
  /**
   * What `govcloud verify` proved on the applied states of the tenant's stack and of its site's stack, rule by
   * rule; `not verified` when no state was given: the record then claims nothing about the deployment.
   */
  readonly asDeployed: AsDeployed;
}

/** Builds the evidence of `tenant` from the config, the check report of its stack and the stack file. */
export function residencyEvidence(
  config: GovCloudConfig,
  tenant: LoadedTenant,
  tenantFindings: readonly Finding[],
  report: CheckReport,
  stackFile: string,
  today: string,
  asDeployed: AsDeployed = NOT_VERIFIED,
): ResidencyEvidence {
  const spec = tenant.spec;
  const site = config.sites.get(spec.site)!;
  const c = config.classifications.get(spec.classification)!;
  // The tenant's stack and, where it declares a recovery site, its recovery stack.
  const stackFindings: readonly ReportedFinding[] = report.stacks.filter((s) => s.tenant === spec.name).flatMap((s) => s.findings);
  const json = fs.readFileSync(stackFile);
  const stack = JSON.parse(json.toString('utf8')) as { terraform?: { backend?: Record<string, Record<string, unknown>> }; resource?: Record<string, Record<string, Record<string, unknown>>> };
  const [backendType, backendValues] = Object.entries(stack.terraform?.backend ?? {})[0] ?? ['none', {}];
  const namespaced = Object.keys(stack.resource?.vault_namespace ?? {}).length > 0;
  // Audit devices are the site's (cluster-wide): those that log this tenant, from its site stack or OpenBao config.
  const siteTenants = config.tenants.filter((t) => t.spec.site === site.id || t.spec.recovery?.site === site.id).map((t) => ({ name: t.spec.name, classification: config.classifications.get(t.spec.classification)! }));
  const where = site.vault.edition === 'openbao' ? `OpenBao server config ${openBaoAuditFile(site.id)}` : `stack ${siteStackName(site.id)}`;
  const audits = siteAuditDevices(site, siteTenants)
    .filter((d) => deviceLogsTenant(d, spec.name))
    .map((d) => `${d.type} at ${d.path}${d.options.filter ? ' (this namespace only)' : ''}, in ${where}`);
  const rules: EvaluatedRule[] = [
    ...TENANT_RULES.map((r) => evaluated(r, 'tenant', tenantFindings.filter((f) => f.ruleId === r.id))),
    ...report.rules.map((r) => evaluated(r, 'stack', stackFindings.filter((f) => f.ruleId === r.id))),
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
    vendors: vendorExposure([{ name: spec.name, site, vms: spec.vms }], config.components),
    replicas: replicaPlaces(config, tenant, stackFile),
    summary: summarizeRules(rules),
    rules,
    suppressions: report.suppressions.filter((s) => s.tenant === spec.name),
    asDeployed,
  };
}

function evaluated(rule: RuleDescription, scope: EvaluatedRule['scope'], findings: readonly Finding[]): EvaluatedRule {
  const { id, title, sources } = rule;
  const waivers = findings.map((f) => (f as ReportedFinding).suppressedBy);
  const live = findings.filter((_, i) => !waivers[i]);
  const result: RuleResult = live.some((f) => f.severity === 'error') ? 'fail' : live.length ? 'warning' : findings.length ? 'suppressed' : 'pass';
  const suppressedBy = [...new Set(waivers.filter((s): s is Suppression => s !== undefined))];
  return { id, scope, title, sources, source: formatSources(sources), result, findings, suppressedBy };
}

/** Counts the rules by result. */
export function summarizeRules(rules: readonly EvaluatedRule[]): EvidenceSummary {
  const count = (r: RuleResult) => rules.filter((x) => x.result === r).length;
  return { rules: rules.length, pass: count('pass'), warnings: count('warning'), failures: count('fail'), suppressed: count('suppressed') };
}

/** Backend settings without anything that looks like a credential. */
function redactBackend(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, /key|secret|password|token|conn_str/i.test(k) ? '(redacted)' : v]));
}
