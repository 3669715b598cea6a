import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderReport } from '../../../policy/report/formats';
import { describeRules } from '../../../check/check-stacks';
import { hostileReport, sampleReport } from './check-report-fixture';
import type { CheckReport } from '../../../policy/report/check-report';

/**
 * The JUnit report against Jenkins' `junit-10.xsd` (test/schemas/, see its README), with `xmllint` from libxml2
 * (Debian: libxml2-utils; `.ci/run` installs it where missing). `testcase/@file` is the one attribute the schema
 * lacks and GitLab needs: the validated copy has it removed, and the unmodified report is shown refused for it
 * alone.
 */
const XSD = path.join(__dirname, '..', '..', 'schemas', 'junit-10.xsd');
const hasXmllint = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasXmllint) console.warn('SKIPPED: xmllint is not on PATH (Debian: apt-get install libxml2-utils); the JUnit report is not validated against junit-10.xsd.');
const xmllintTest: jest.It = hasXmllint ? it : it.skip;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'junit-xsd-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** xmllint's verdict on `xml`: exit status and its messages (file name replaced by `report.xml`). */
function validate(xml: string, name: string): { status: number | null; messages: string } {
  const file = path.join(tmp, `${name}.xml`);
  fs.writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { status: run.status, messages: `${run.stdout}${run.stderr}`.split(file).join('report.xml') };
}

/** The report less `testcase/@file`, the attribute GitLab reads and junit-10.xsd does not declare. */
const withoutFile = (xml: string) => xml.replace(/(<testcase\b[^>]*?) file="[^"]*"/g, '$1');

const junit = (report: CheckReport) => renderReport(report, 'junit');

describe('the junit report against junit-10.xsd', () => {
  xmllintTest('validates, less testcase/@file, for the sample report', () => {
    expect(validate(withoutFile(junit(sampleReport())), 'sample')).toEqual({ status: 0, messages: 'report.xml validates\n' });
  });

  xmllintTest('validates with hostile text and with the whole rule catalogue', () => {
    expect(validate(withoutFile(junit(hostileReport())), 'hostile').status).toBe(0);
    expect(validate(withoutFile(junit(sampleReport({ rules: describeRules() }))), 'catalogue').status).toBe(0);
  });

  xmllintTest('validates with no findings at all', () => {
    const empty = sampleReport({ suppressions: [], unexamined: [] });
    const report = { ...empty, stacks: empty.stacks.map((s) => ({ ...s, findings: [], unexamined: [] })) };
    expect(validate(withoutFile(junit(report)), 'empty').status).toBe(0);
  });

  xmllintTest('is refused for testcase/@file alone when that attribute is kept, so the check can fail', () => {
    const run = validate(junit(sampleReport()), 'with-file');
    expect(run.status).not.toBe(0);
    const complaints = run.messages.split('\n').filter((l) => /error/i.test(l));
    expect(complaints.length).toBeGreaterThan(0);
    expect(complaints.every((l) => /attribute 'file' is not allowed/.test(l))).toBe(true);
  });

  xmllintTest('is refused with the attributes the schema lacks (testsuites/@skipped, testcase/@line)', () => {
    const old = withoutFile(junit(sampleReport())).replace('<testsuites name="govcloud check"', '<testsuites skipped="4" name="govcloud check"').replace('<testcase ', '<testcase line="6" ');
    const run = validate(old, 'old');
    expect(run.messages).toMatch(/attribute 'skipped' is not allowed/);
    expect(run.messages).toMatch(/attribute 'line' is not allowed/);
  });
});
