import { renderReport } from '../../../policy/report/formats';
import { describeRules } from '../../../check/check-stacks';
import { hostileReport, sampleReport } from './check-report-fixture';
import type { CheckReport } from '../../../policy/report/check-report';
import { validateJunit, withoutFile, xmllintTest as xmllintTestFor } from './junit-xsd';

/**
 * The JUnit report against Jenkins' `junit-10.xsd`. `testcase/@file` is the one attribute the schema lacks and
 * GitLab needs: the validated copy has it removed, and the unmodified report is shown refused for it alone.
 */
const xmllintTest = xmllintTestFor('the JUnit report is not validated against junit-10.xsd');

const junit = (report: CheckReport) => renderReport(report, 'junit');

describe('the junit report against junit-10.xsd', () => {
  xmllintTest('validates, less testcase/@file, for the sample report', () => {
    expect(validateJunit(withoutFile(junit(sampleReport())))).toEqual({ status: 0, messages: 'report.xml validates\n' });
  });

  xmllintTest('validates with hostile text and with the whole rule catalogue', () => {
    expect(validateJunit(withoutFile(junit(hostileReport()))).status).toBe(0);
    expect(validateJunit(withoutFile(junit(sampleReport({ rules: describeRules() })))).status).toBe(0);
  });

  xmllintTest('validates with no findings at all', () => {
    const empty = sampleReport({ suppressions: [], unexamined: [] });
    const report = { ...empty, stacks: empty.stacks.map((s) => ({ ...s, findings: [], unexamined: [] })) };
    expect(validateJunit(withoutFile(junit(report))).status).toBe(0);
  });

  xmllintTest('is refused for testcase/@file alone when that attribute is kept, so the check can fail', () => {
    const run = validateJunit(junit(sampleReport()));
    expect(run.status).not.toBe(0);
    const complaints = run.messages.split('\n').filter((l) => /error/i.test(l));
    expect(complaints.length).toBeGreaterThan(0);
    expect(complaints.every((l) => /attribute 'file' is not allowed/.test(l))).toBe(true);
  });

  xmllintTest('is refused with the attributes the schema lacks (testsuites/@skipped, testcase/@line)', () => {
    const old = withoutFile(junit(sampleReport())).replace('<testsuites name="govcloud check"', '<testsuites skipped="4" name="govcloud check"').replace('<testcase ', '<testcase line="6" ');
    const run = validateJunit(old);
    expect(run.messages).toMatch(/attribute 'skipped' is not allowed/);
    expect(run.messages).toMatch(/attribute 'line' is not allowed/);
  });
});
