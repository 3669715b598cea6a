import { createHash } from 'crypto';
import { summarize, type CheckReport, type StackReport } from '../check-report';
import type { ReportedFinding } from '../../reported-finding';
import type { RuleDescription } from '../../rule-description';
import type { SourceLocation } from '../../finding';
import type { Suppression } from '../../suppression';
import { addressOf, locationText, unexaminedTypes } from './report-facts';
import { formatSources } from '../../source';
import { PROJECT_URI, ruleHelpUri } from '../project-links';
import { ruleTags, securitySeverity } from './rule-ranking';

/** The OASIS SARIF 2.1.0 schema (with errata 01) that {@link renderSarif} output conforms to. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/**
 * The report as SARIF 2.1.0, for GitHub and GitLab code scanning: one run, the rule catalogue as
 * `tool.driver.rules`, one result per finding located at what a person edits (`finding.location`: the tenant YAML
 * line, or the construct source), so the annotation lands on the line to change. The Terraform address and the
 * construct path go in `logicalLocations`; a suppressed finding carries an `external` suppression with its reason,
 * approver and expiry, so code scanning shows it as dismissed rather than dropping it. `run.properties` lists the
 * suppressions in force and, last, the resource types no rule examined.
 *
 * Each rule links to its section of `docs/rules.md` (`helpUri`) and carries `security-severity` and `tags`
 * (see `rule-ranking.ts`), so code scanning ranks its alerts as security findings. A finding in a stack file
 * that is not what synth wrote (edited by hand; `stackLocation`) is located at its block in that file, with the
 * tenant YAML line as a related location: the YAML line is not what changed.
 */
export function renderSarif(report: CheckReport): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const results = report.stacks.flatMap((stack) => stack.findings.map((f) => sarifResult(f, stack, ruleIndex.get(f.ruleId))));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: PROJECT_URI,
            ...(/^\d+\.\d+\.\d+/.test(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
            rules: report.rules.map(sarifRule),
            properties: { catalogueVersion: report.tool.catalogueVersion },
          },
        },
        invocations: [{ executionSuccessful: true }],
        results,
        properties: {
          summary: summarize(report),
          stacks: report.stacks.map((s) => ({ stack: s.stack, tenant: s.tenant, classification: s.classification, site: s.site, origin: s.origin })),
          suppressionsInForce: report.suppressions.map((s) => ({
            ruleId: s.ruleId,
            tenant: s.tenant,
            resource: s.resource,
            reason: s.reason,
            approvedBy: s.approvedBy,
            expires: s.expires,
            ...(s.declaredAt ? { declaredAt: locationText(s.declaredAt) } : {}),
          })),
          unexaminedByStack: Object.fromEntries(report.stacks.map((s) => [s.stack, [...s.unexamined]])),
          unexamined: unexaminedTypes(report).map((g) => g.type),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifRule(r: RuleDescription) {
  const level = r.severity === 'error' ? 'error' : 'warning';
  return {
    id: r.id,
    name: pascalCase(r.title),
    shortDescription: { text: r.title },
    fullDescription: { text: r.rationale },
    help: {
      text: `${r.rationale}\nFix: ${r.fix}\nSource: ${formatSources(r.sources)}`,
      markdown: `${r.rationale}\n\n**Fix:** ${r.fix}\n\n**Source:** ${formatSources(r.sources)}`,
    },
    helpUri: ruleHelpUri(r),
    defaultConfiguration: { level },
    properties: {
      'security-severity': securitySeverity(r),
      tags: ruleTags(r),
      severity: r.severity,
      rises: r.rises,
      source: formatSources(r.sources),
      sources: r.sources,
    },
  };
}

function sarifResult(f: ReportedFinding, stack: StackReport, ruleIndex: number | undefined) {
  const logical = [{ name: f.resource, fullyQualifiedName: addressOf(f), kind: 'resource' }];
  if (f.constructPath) logical.push({ name: f.constructPath.split('/').pop() ?? f.constructPath, fullyQualifiedName: f.constructPath, kind: 'construct' });
  return {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: f.severity === 'error' ? 'error' : 'warning',
    message: { text: `${f.tenant} ${addressOf(f)}: ${f.found}; allowed: ${f.allowed} [${f.source}]. Fix: ${f.fix}` },
    locations: [{ physicalLocation: physicalLocation(f.stackLocation ?? f.location), logicalLocations: logical }],
    ...(f.stackLocation
      ? { relatedLocations: [{ id: 1, physicalLocation: physicalLocation(f.location), message: { text: `tenant ${f.tenant} as declared: change it here and run govcloud synth, rather than edit the stack file` } }] }
      : {}),
    partialFingerprints: { 'govcloudFinding/v1': fingerprint(f) },
    ...(f.suppressedBy ? { suppressions: [sarifSuppression(f.suppressedBy)] } : {}),
    properties: { stack: stack.stack, tenant: f.tenant },
  };
}

function sarifSuppression(s: Suppression) {
  return {
    kind: 'external',
    status: 'accepted',
    justification: s.reason,
    ...(s.declaredAt ? { location: { physicalLocation: physicalLocation(s.declaredAt) } } : {}),
    properties: { approvedBy: s.approvedBy, expires: s.expires, resource: s.resource },
  };
}

function physicalLocation(loc: SourceLocation) {
  const known = loc.line !== undefined && Number.isInteger(loc.line) && loc.line >= 1;
  return { artifactLocation: { uri: artifactUri(loc.file) }, ...(known ? { region: { startLine: loc.line } } : {}) };
}

/**
 * A path as a SARIF `uri`: relative paths stay relative with forward slashes (code scanning resolves them against
 * the repository root); each segment is percent-encoded, so a space or `#` in a file name still makes a valid
 * URI reference. An absolute path becomes a `file:` URI.
 */
export function artifactUri(file: string): string {
  const slashed = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const drive = /^[A-Za-z]:\//.exec(slashed);
  const encode = (p: string) => p.split('/').map((seg) => (/^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg))).join('/');
  if (drive) return `file:///${encode(slashed)}`;
  if (slashed.startsWith('/')) return `file://${encode(slashed)}`;
  return encode(slashed);
}

/** Identifies a finding across runs whatever line it moves to: rule, tenant, block and attribute. */
function fingerprint(f: ReportedFinding): string {
  return createHash('sha256').update([f.ruleId, f.tenant, f.resource, f.attribute ?? ''].join('\u0000')).digest('hex').slice(0, 32);
}

/** `Every stack belongs to a declared tenant` -> `EveryStackBelongsToADeclaredTenant`, the readable rule name SARIF asks for. */
function pascalCase(title: string): string {
  return title
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
