import type { CheckReport } from '../../../policy/report/check-report';
import { renderReport } from '../../../policy/report/formats';
import { ERROR, hostileReport, sampleReport } from './check-report-fixture';

describe('the json report', () => {
  it('round-trips: parsing it gives back the report, with the summary and the format version beside it', () => {
    const { summary, formatVersion, ...rest } = JSON.parse(renderReport(sampleReport(), 'json')) as CheckReport & { summary: unknown; formatVersion: number };
    expect(rest).toEqual(sampleReport());
    expect(summary).toEqual({ errors: 1, warnings: 1, suppressed: 1, stacks: 2 });
    expect(formatVersion).toBe(1);
  });

  it('round-trips text that needs escaping', () => {
    const { summary: _s, formatVersion: _v, ...rest } = JSON.parse(renderReport(hostileReport(), 'json')) as CheckReport & { summary: unknown; formatVersion: number };
    expect(rest).toEqual(hostileReport());
  });

  it('gives the same bytes whatever order the report objects were built in', () => {
    const report = sampleReport();
    const reordered: CheckReport = {
      unexamined: report.unexamined,
      suppressions: report.suppressions,
      rules: report.rules.map((r) => Object.fromEntries(Object.entries(r).reverse()) as unknown as typeof r),
      stacks: report.stacks.map((s) => ({ ...s, findings: s.findings.map((f) => Object.fromEntries(Object.entries(f).reverse()) as unknown as typeof f) })),
      tool: report.tool,
    };
    expect(renderReport(reordered, 'json')).toBe(renderReport(report, 'json'));
  });

  it('sorts keys at every level, so the top level ends with the unexamined types', () => {
    const parsed = JSON.parse(renderReport(sampleReport(), 'json')) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['formatVersion', 'rules', 'stacks', 'summary', 'suppressions', 'tool', 'unexamined']);
    expect(parsed.unexamined).toEqual(['vsphere_tag', 'vsphere_tag_category']);
  });

  it('keeps each finding location as file and line', () => {
    const parsed = JSON.parse(renderReport(sampleReport(), 'json')) as CheckReport;
    expect(parsed.stacks[0].findings.find((f) => f.ruleId === ERROR.ruleId)?.location).toEqual({ file: 'config/tenants/dsp-ng.yaml', line: 6 });
  });
});
