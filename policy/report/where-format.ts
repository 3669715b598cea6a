/**
 * `govcloud where` as text (one block per site: its verdict, then each reason with its rule, condition and sources)
 * or as JSON (the same facts, sources kept tagged).
 */
import type { Finding } from '../finding';
import type { PlacementIssue } from '../tenant-rules/res';
import type { SiteVerdict, Verdict, WhereReport } from '../tenant-rules/site-verdicts';
import { operatorTypeOf } from '../conditions';
import { formatSources } from '../source';

/** The formats `govcloud where` writes. */
export const WHERE_FORMATS = ['text', 'json'] as const;
/** One of {@link WHERE_FORMATS}. */
export type WhereFormat = (typeof WHERE_FORMATS)[number];

/** `report` in `format`, ending in a newline. */
export function renderWhere(report: WhereReport, format: WhereFormat): string {
  return format === 'json' ? `${JSON.stringify(whereJson(report), null, 2)}\n` : whereText(report);
}

const VERDICT_WORDS: Record<Verdict, string> = { allowed: 'allowed', 'allowed-with-warnings': 'allowed with warnings', refused: 'refused' };

/** How many sites got each verdict. */
function summary(report: WhereReport): Record<Verdict, number> {
  const out: Record<Verdict, number> = { allowed: 0, 'allowed-with-warnings': 0, refused: 0 };
  for (const s of report.sites) out[s.verdict] += 1;
  return out;
}

/** The text form: a heading, a count of verdicts, then one block per site in catalogue order. */
export function whereText(report: WhereReport): string {
  const c = report.classification;
  const counts = summary(report);
  const lines = [
    report.tenant
      ? `tenant ${report.tenant.name} on site ${report.tenant.site}, classification ${c.id}: ${c.description}`
      : `classification ${c.id}: ${c.description}`,
    `${report.sites.length} sites: ${counts.allowed} allowed, ${counts['allowed-with-warnings']} allowed with warnings, ${counts.refused} refused`,
  ];
  for (const s of report.sites) lines.push('', ...siteBlock(s));
  if (report.everySite.length) {
    lines.push('', `at every site (not the site's doing):`, ...report.everySite.map((f) => `  ${findingLine(f)}`));
  }
  return `${lines.join('\n')}\n`;
}

function siteBlock(s: SiteVerdict): string[] {
  const site = s.site;
  const mark = s.current ? ' [current site]' : '';
  const why = s.verdict === 'refused' && s.policyVerdict !== 'refused' ? ` (the classification allows it; what the site provides fails ${ruleIds(s.siteFindings)})` : '';
  return [
    `site ${site.id}${mark} (${site.country}, ${site.operator}, ${operatorTypeOf(site)}): ${VERDICT_WORDS[s.verdict]}${why}`,
    ...s.issues.map((i) => `  ${issueLine(i)}`),
    ...s.siteFindings.map((f) => `  ${findingLine(f)}`),
  ];
}

function ruleIds(findings: readonly Finding[]): string {
  return [...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.ruleId))].join(', ');
}

function issueLine(i: PlacementIssue): string {
  return `${i.severity} ${i.ruleId} (${i.constraint}): ${i.found}; allowed: ${i.allowed} [${formatSources(i.sources)}]`;
}

function findingLine(f: Finding): string {
  return `${f.severity} ${f.ruleId} (${f.field}): ${f.found}; allowed: ${f.allowed} [${f.source}]. Fix: ${f.fix}`;
}

/** The JSON form: the same facts as the text, sources as tagged objects. */
export function whereJson(report: WhereReport): unknown {
  return {
    classification: { id: report.classification.id, description: report.classification.description },
    ...(report.tenant ? { tenant: report.tenant } : {}),
    summary: summary(report),
    sites: report.sites.map((s) => ({
      id: s.site.id,
      name: s.site.name,
      country: s.site.country,
      operator: s.site.operator,
      operatorType: operatorTypeOf(s.site),
      operatorJurisdictions: s.site.operatorJurisdictions,
      ...(s.current ? { current: true } : {}),
      verdict: s.verdict,
      policyVerdict: s.policyVerdict,
      issues: s.issues,
      siteFindings: s.siteFindings.map(findingJson),
    })),
    everySite: report.everySite.map(findingJson),
  };
}

function findingJson(f: Finding) {
  return { ruleId: f.ruleId, severity: f.severity, field: f.field, found: f.found, allowed: f.allowed, fix: f.fix, source: f.source };
}
