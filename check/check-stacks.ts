import * as fs from 'fs';
import * as path from 'path';
import { createHash } from 'crypto';
import type { CheckReport, StackReport } from '../policy/report/check-report';
import type { ReportedFinding } from '../policy/reported-finding';
import type { RuleDescription } from '../policy/rule-description';
import type { SourceLocation, StackFinding } from '../policy/finding';
import { isoToday, type DeclaredSuppression, type Suppression } from '../policy/suppression';
import { applySuppressions, SUPPRESSION_RULE, UNKNOWN_STACK_RULE } from '../policy/stack-rules/gov';
import { checkStack } from '../policy/stack-rules/check-stack';
import { stackContext } from '../policy/stack-rules/stack-context';
import type { StackDocument } from '../policy/terraform/stack-document';
import type { StackRule } from '../policy/stack-rules/stack-rule';
import { STACK_RULES } from '../policy/stack-rules/catalogue';
import type { GovCloudConfig, LoadedTenant } from '../loader/load-config';
import { TOOL_VERSION } from '../loader/tool-version';
import { formatSources } from '../policy/source';
import { siteOfStack, strictestAudit } from '../policy/site-audit';
import { blockKeyPath, jsonKeyLines, keyPathId } from '../policy/terraform/json-key-line';
import { isAsSynthesized } from './synth-output';
import { RECOVERY_STACK_SUFFIX } from '../policy/tenant-rules/avl';
import { foundInRecoveryStack } from '../policy/finding-lines';

/** Options of {@link checkStacks}. */
export interface CheckOptions {
  /**
   * The rules to run.
   * @default STACK_RULES, the whole catalogue
   */
  readonly rules?: readonly StackRule[];
  /**
   * Today's date (`YYYY-MM-DD`), against which suppressions expire.
   * @default the current UTC date
   */
  readonly today?: string;
  /**
   * Base folder that report locations are made relative to.
   * @default the current working directory
   */
  readonly relativeTo?: string;
  /**
   * The stack file to name in reports, when the document was read from somewhere else (synth checks a
   * temporary folder before it publishes it as `OUT/stacks/<tenant>/cdk.tf.json`).
   * @default the file the document was read from
   */
  readonly stackFile?: (doc: StackDocument) => string;
  /**
   * Locate findings also in the stack file when a synthesized stack is not what the synth recorded (edited by
   * hand, or no record beside it): `ReportedFinding.stackLocation`, the line of the block in `cdk.tf.json`.
   * `govcloud check` sets it; synth, which checks its own fresh output, does not need it.
   * @default false - findings are located in the tenant YAML or construct source only
   */
  readonly locateEditedStacks?: boolean;
  /**
   * Called after each document is judged, with how many are done and how many there are (for a progress indicator).
   * @default - nothing is called
   */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * How many documents `docs` holds, for {@link CheckOptions.onProgress} (an iterable read as it goes cannot say).
   * @default 0 - unknown: a progress indicator stays hidden
   */
  readonly total?: number;
}

/**
 * Judges every document against the catalogue, in the context of the tenant it belongs to. `docs` is taken one at
 * a time and only the report of each is kept, so an iterable that reads each document when asked for
 * (`checkInputs`) keeps memory flat however many stacks there are.
 */
export function checkStacks(config: GovCloudConfig, docs: Iterable<StackDocument>, options: CheckOptions = {}): CheckReport {
  const rules = options.rules ?? STACK_RULES;
  const today = options.today ?? isoToday();
  const base = options.relativeTo ?? process.cwd();
  const rel = (file: string) => path.relative(base, path.resolve(file)).split(path.sep).join('/');
  const tenants = new Map(config.tenants.map((t) => [t.spec.name, t]));
  const catalogue = [...config.sites.values()];
  const custodians = [...config.custodians.values()];
  const inForce: Suppression[] = [];
  let done = 0;
  const stacks: StackReport[] = Array.from(docs, (read) => {
    options.onProgress?.(done++, options.total ?? 0);
    const doc: StackDocument = options.stackFile ? { ...read, origin: { ...read.origin, file: options.stackFile(read) } } : read;
    const recovered = recoveredTenant(tenants, doc.stack);
    const tenant = tenants.get(doc.stack) ?? recovered;
    const siteReport = tenant ? undefined : checkSiteStack(config, doc, rules, rel);
    if (siteReport) return siteReport;
    if (!tenant) {
      const finding: ReportedFinding = {
        ruleId: UNKNOWN_STACK_RULE.id,
        severity: 'error',
        tenant: doc.stack,
        field: 'stack',
        resource: doc.stack,
        found: `stack ${doc.stack} matches no tenant in ${rel(path.join(config.dir, 'tenants'))}`,
        allowed: `one of: ${[...tenants.keys()].join(', ')}`,
        fix: UNKNOWN_STACK_RULE.fix,
        source: formatSources(UNKNOWN_STACK_RULE.sources),
        location: { file: rel(doc.origin.file) },
      };
      return { stack: doc.stack, tenant: doc.stack, classification: '(unknown)', site: '(unknown)', origin: { ...doc.origin, file: rel(doc.origin.file) }, findings: [finding], unexamined: [] };
    }
    // A recovery stack is judged at the recovery site, as the tenant placed there.
    const site = config.sites.get(recovered ? recovered.spec.recovery!.site : tenant.spec.site)!;
    const classification = config.classifications.get(tenant.spec.classification)!;
    const spreadOptOuts = new Map(tenant.spec.vms.flatMap((g) => (g.spread?.disabled ? [[g.name, g.spread.reason] as const] : [])));
    const verdict = checkStack({ ...stackContext(doc, site, classification, catalogue, tenant.spec.name, [tenant.spec.network.cidr], custodians), spreadOptOuts }, rules);
    const declared: DeclaredSuppression[] = [...tenant.spec.suppressions.map((s, i) => ({
      tenant: tenant.spec.name,
      ruleId: s.rule,
      resource: s.resource,
      reason: s.reason,
      approvedBy: s.approvedBy,
      expires: s.expires,
      declaredAt: locate(tenant.position(`suppressions[${i}]`), rel),
    })), ...constructSuppressions(doc, tenant.spec.name)];
    const applied = applySuppressions(verdict.findings, declared, today);
    inForce.push(...applied.inForce);
    const inStack = options.locateEditedStacks ? editedStackLocator(read, rel) : undefined;
    const findings: ReportedFinding[] = [...applied.findings, ...applied.problems].map((f) => {
      const location = siteFieldOf(f, config, site.id, rel) ?? locationOf(f, tenant, doc, rel);
      const stackLocation = location.file !== rel(doc.origin.file) ? inStack?.(f) : undefined;
      return { ...f, ...(recovered ? { found: foundInRecoveryStack(doc.stack, site.id, f.found) } : {}), location, ...(stackLocation ? { stackLocation } : {}) };
    });
    return {
      stack: doc.stack,
      tenant: tenant.spec.name,
      classification: classification.id,
      site: site.id,
      origin: { ...doc.origin, file: rel(doc.origin.file) },
      findings,
      unexamined: verdict.unexamined,
    };
  });
  const described = describeRules(rules);
  return {
    tool: { name: 'govcloud', version: TOOL_VERSION, catalogueVersion: catalogueVersion(described) },
    stacks,
    rules: described,
    suppressions: inForce,
    unexamined: [...new Set(stacks.flatMap((s) => s.unexamined))].sort(),
  };
}

export { TOOL_VERSION } from '../loader/tool-version';

/** The tenant whose recovery stack `stack` is (`dsp-ng-recovery` of `dsp-ng`, which declares a recovery site). */
function recoveredTenant(tenants: ReadonlyMap<string, LoadedTenant>, stack: string): LoadedTenant | undefined {
  if (tenants.has(stack) || !stack.endsWith(RECOVERY_STACK_SUFFIX)) return undefined;
  const t = tenants.get(stack.slice(0, -RECOVERY_STACK_SUFFIX.length));
  return t?.spec.recovery ? t : undefined;
}

/** Every rule the report can mention: the stack catalogue plus the checker's own rules. */
export function describeRules(rules: readonly StackRule[] = STACK_RULES): RuleDescription[] {
  const pick = ({ id, title, severity, rises, rationale, fix, sources }: RuleDescription): RuleDescription => ({ id, title, severity, rises, rationale, fix, sources });
  return [...rules.map(pick), pick(SUPPRESSION_RULE), pick(UNKNOWN_STACK_RULE)];
}

/** A short content hash of the catalogue, so an evidence record says exactly which rules were run. */
export function catalogueVersion(rules: readonly RuleDescription[]): string {
  return createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 12);
}

/**
 * The report of a site stack (`site-<id>` of a registered site holding tenants of the config), judged by the
 * rules whose scopes include sites, against the strictest classification (for audit) of the site's tenants;
 * undefined when `doc` is no such stack. Findings point at the stack file: a site stack is fixed in `sites.yaml`
 * or by synthesizing again.
 */
function checkSiteStack(config: GovCloudConfig, doc: StackDocument, rules: readonly StackRule[], rel: (file: string) => string): StackReport | undefined {
  const site = siteOfStack(doc.stack, config.sites);
  const tenants = site ? config.tenants.filter((t) => t.spec.site === site.id || t.spec.recovery?.site === site.id) : [];
  const classification = strictestAudit(tenants.map((t) => ({ name: t.spec.name, classification: config.classifications.get(t.spec.classification)! })));
  if (!site || !classification) return undefined;
  const ctx = { ...stackContext(doc, site, classification, [...config.sites.values()], doc.stack, [], [...config.custodians.values()]), siteTenants: tenants.map((t) => t.spec.name) };
  const verdict = checkStack(ctx, rules);
  const file = rel(doc.origin.file);
  return {
    stack: doc.stack,
    tenant: doc.stack,
    classification: classification.id,
    site: site.id,
    origin: { ...doc.origin, file },
    findings: verdict.findings.map((f) => ({ ...f, location: siteFieldOf(f, config, site.id, rel) ?? { file } })),
    unexamined: verdict.unexamined,
  };
}

/**
 * Where a person fixes a finding on what synth writes from the site catalogue: the stack's `terraform.backend`
 * is the site's `stateBackend` in `sites.yaml`, for tenant and site stacks alike. Undefined for any other
 * finding, or a config that cannot locate its sites.
 */
function siteFieldOf(f: StackFinding, config: GovCloudConfig, site: string, rel: (file: string) => string): SourceLocation | undefined {
  if (f.resource !== 'terraform.backend' || !/^STA-/.test(f.ruleId)) return undefined;
  const at = config.locateSite?.(site, 'stateBackend');
  return at && { file: rel(at.file), line: at.line, field: at.field };
}

/** Suppressions attached to resources by constructs (see `suppressFinding`), carried in the stack JSON. */
function constructSuppressions(doc: StackDocument, tenant: string): DeclaredSuppression[] {
  return doc.resources.flatMap((b) =>
    (b.suppressions ?? []).map((s) => ({ ...s, tenant, resource: b.address, declaredAt: { file: doc.origin.file } })),
  );
}

/** The tenant field a person edits to fix findings of a rule family. */
function tenantFieldOf(f: StackFinding): string {
  if (f.ruleId === 'GOV-01') return 'suppressions';
  if (/^ENC-0[5-7]$/.test(f.ruleId)) return 'keys';
  if (/^(ENC-0[1-4]|NET-04)$/.test(f.ruleId)) return 'vms';
  if (/^NET-05$/.test(f.ruleId)) return 'network';
  if (/^(RES|KEY|STA|NET)-/.test(f.ruleId)) return 'site';
  return 'name';
}

/**
 * Where a person fixes a finding. Resources the toolkit's constructs built are fixed in the tenant's YAML
 * (the field of the rule's family); a resource added in code outside the constructs is fixed there, so its
 * construct path is the best pointer, with the stack file as the location code scanning can annotate.
 */
function locationOf(f: StackFinding, tenant: LoadedTenant, doc: StackDocument, rel: (file: string) => string): SourceLocation {
  const toolkitBuilt = !f.constructPath || f.constructPath.startsWith(`${tenant.spec.name}/tenant/`);
  if (toolkitBuilt || f.ruleId === 'GOV-01') return locate(tenant.position(tenantFieldOf(f)), rel);
  return { file: rel(doc.origin.file) };
}

/**
 * Where a block is in `doc`'s stack file, when that file is a synthesized stack that is not what the synth
 * recorded (see {@link isAsSynthesized}); undefined for a plan, or a stack as synthesized.
 */
function editedStackLocator(doc: StackDocument, rel: (file: string) => string): ((f: StackFinding) => SourceLocation | undefined) | undefined {
  if (doc.origin.kind !== 'synth' || isAsSynthesized(doc.origin.file, doc.stack)) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(doc.origin.file, 'utf8');
  } catch {
    return undefined;
  }
  const file = rel(doc.origin.file);
  let lines: Map<string, number> | undefined;
  return (f) => {
    const keys = blockKeyPath(f.resource);
    lines ??= jsonKeyLines(text, 3);
    const line = keys ? lines.get(keyPathId(keys)) : undefined;
    return line !== undefined ? { file, line } : { file };
  };
}

function locate(p: { file: string; line: number }, rel: (file: string) => string): SourceLocation {
  return { file: rel(p.file), line: p.line };
}
