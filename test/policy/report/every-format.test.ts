import type { CheckReport } from '../../../policy/report/check-report';
import { renderReport, REPORT_FORMATS, type ReportFormat } from '../../../policy/report/formats';
import { ERROR, MATCHED_SUPPRESSION, SUPPRESSED, UNMATCHED_SUPPRESSION, WARNING, sampleReport } from './check-report-fixture';

const render = (format: ReportFormat) => renderReport(sampleReport(), format);

/** How each format writes a location: JSON and SARIF keep file and line in fields of their own; JUnit the file (the line is in the details, junit-10.xsd has no attribute for it). */
const mentionsLocation = (format: ReportFormat, out: string, file: string, line?: number) => {
  if (format === 'json') {
    const stacks = (JSON.parse(out) as CheckReport).stacks;
    return stacks.some((s) => s.findings.some((f) => f.location.file === file && f.location.line === line));
  }
  if (format === 'sarif') return out.includes(`"uri": "${file}"`) && (line === undefined || out.includes(`"startLine": ${line}`));
  if (format === 'junit') return out.includes(`file="${file}"`) && out.includes(`location: ${line === undefined ? file : `${file}:${line}`}`);
  return out.includes(line === undefined ? file : `${file}:${line}`);
};

describe.each(REPORT_FORMATS)('the %s report', (format) => {
  it('includes every finding with its rule, resource and location', () => {
    const out = render(format);
    for (const f of [ERROR, WARNING, SUPPRESSED]) {
      expect(out).toContain(f.ruleId);
      expect(out).toContain(f.resource);
      expect(out).toContain(f.found);
      expect(mentionsLocation(format, out, f.location.file, f.location.line)).toBe(true);
    }
  });

  it('lists every suppression in force with its rule, resource, reason, approver and expiry', () => {
    const out = render(format);
    for (const s of [MATCHED_SUPPRESSION, UNMATCHED_SUPPRESSION]) {
      for (const fact of [s.ruleId, s.resource, s.reason, s.approvedBy, s.expires]) expect(out).toContain(fact);
    }
  });

  it('ends with the resource types no rule examined', () => {
    const out = render(format);
    const lastFact = Math.max(
      ...[ERROR, WARNING, SUPPRESSED].map((f) => out.lastIndexOf(f.found)),
      ...[MATCHED_SUPPRESSION, UNMATCHED_SUPPRESSION].map((s) => out.lastIndexOf(s.reason)),
    );
    for (const type of ['vsphere_tag', 'vsphere_tag_category']) expect(out.lastIndexOf(type)).toBeGreaterThan(lastFact);
  });

  it('gives the same bytes for the same report, ending with a newline', () => {
    expect(render(format)).toBe(render(format));
    expect(render(format).endsWith('\n')).toBe(true);
  });

  it('says so when no resource type went unexamined', () => {
    const out = renderReport(sampleReport({ unexamined: [], stacks: sampleReport().stacks.map((s) => ({ ...s, unexamined: [] })) }), format);
    expect(out).not.toContain('vsphere_tag');
    expect(out).toMatch(/unexamined|no rule examined|examined every|examined by a rule/i);
  });
});

describe('renderReport', () => {
  it('refuses a format it does not know, naming the ones it does', () => {
    expect(() => renderReport(sampleReport(), 'html' as ReportFormat)).toThrow('unknown report format "html"; use one of: text, json, sarif, junit, markdown');
  });
});
