import { renderReport } from '../../../policy/report/formats';
import { HOSTILE, hostileReport, sampleReport, WARNING } from './check-report-fixture';
import { childrenNamed, parseXml, type XmlElement } from './xml-tree';

const junit = (report = sampleReport()) => parseXml(renderReport(report, 'junit'));
const suites = (root: XmlElement) => childrenNamed(root, 'testsuite');
const cases = (suite: XmlElement) => childrenNamed(suite, 'testcase');
const caseNamed = (suite: XmlElement, name: string) => cases(suite).find((c) => c.attributes.name === name)!;
const count = (els: XmlElement[], child: string) => els.filter((c) => childrenNamed(c, child).length > 0).length;

describe('the junit report', () => {
  it('is well-formed XML with a testsuites root', () => {
    expect(junit().name).toBe('testsuites');
  });

  it('has one suite per stack, then the suite of unexamined resource types', () => {
    expect(suites(junit()).map((s) => s.attributes.name)).toEqual(['dsp-ng', 'mfin-internal', 'unexamined resource types']);
  });

  it('has one test case per finding, named after its rule and resource, and one passing case per rule that found nothing', () => {
    const [dsp, mfin] = suites(junit());
    expect(cases(dsp).map((c) => [c.attributes.classname, c.attributes.name])).toEqual([
      ['dsp-ng', 'ENC-02 vsphere_virtual_machine.db_0.disk.1.storage_policy_id'],
      ['dsp-ng', 'STA-01 terraform.backend.local'],
      ['dsp-ng', 'ENC-07 Transit keys rotate automatically'],
      ['dsp-ng', 'RES-02 Every datacenter is in an allowed country'],
    ]);
    expect(cases(mfin).map((c) => c.attributes.name)).toEqual([
      'ENC-07 vault_mount.transit',
      'ENC-02 Every disk is encrypted with the site policy',
      'STA-01 State is remote, in the site, and encrypted',
      'RES-02 Every datacenter is in an allowed country',
    ]);
    expect(cases(mfin).slice(1).every((c) => c.children.length === 0)).toBe(true);
  });

  it('fails the test case of an error, typed by its rule, with the finding in the body', () => {
    const error = caseNamed(suites(junit())[0], 'ENC-02 vsphere_virtual_machine.db_0.disk.1.storage_policy_id');
    expect(error.attributes).toEqual({ classname: 'dsp-ng', name: 'ENC-02 vsphere_virtual_machine.db_0.disk.1.storage_policy_id', time: '0', file: 'config/tenants/dsp-ng.yaml' });
    const [failure] = childrenNamed(error, 'failure');
    expect(failure.attributes).toEqual({ type: 'ENC-02', message: 'disk 1 has no storage policy; allowed: the site encryption policy VM Encryption' });
    expect(failure.text).toContain('location: config/tenants/dsp-ng.yaml:6');
    expect(failure.text).toContain('fix: remove the override of dataDisksGb[0] policy');
  });

  it('skips the test case of a warning, saying it is a warning, with the details as system output', () => {
    const warning = caseNamed(suites(junit())[1], 'ENC-07 vault_mount.transit');
    expect(childrenNamed(warning, 'failure')).toHaveLength(0);
    expect(childrenNamed(warning, 'skipped')[0].attributes.message).toMatch(/^warning \(does not fail the check\): transit key rotation is off/);
    expect(childrenNamed(warning, 'system-out')[0].text).toContain(`fix: ${WARNING.fix}`);
  });

  it('skips the test case of a suppressed finding, naming the reason, approver and expiry', () => {
    const suppressed = caseNamed(suites(junit())[0], 'STA-01 terraform.backend.local');
    expect(childrenNamed(suppressed, 'skipped')[0].attributes.message).toBe(
      'suppressed warning until 2027-03-31, approved by RSSI Agence eSante: State backend arrives with the state-backend work; local state on the build host until then',
    );
  });

  it('counts tests, failures and skipped cases per suite and in total, as the test cases say', () => {
    const root = junit();
    for (const suite of suites(root)) {
      expect(Number(suite.attributes.tests)).toBe(cases(suite).length);
      expect(Number(suite.attributes.failures)).toBe(count(cases(suite), 'failure'));
      expect(Number(suite.attributes.skipped)).toBe(count(cases(suite), 'skipped'));
      expect(suite.attributes.errors).toBe('0');
    }
    expect(suites(root).map((s) => [s.attributes.tests, s.attributes.failures, s.attributes.skipped])).toEqual([
      ['4', '1', '1'],
      ['4', '0', '1'],
      ['2', '0', '2'],
    ]);
    expect(root.attributes).toEqual({ name: 'govcloud check', tests: '10', failures: '1', errors: '0', time: '0' });
  });

  it('puts a time on every suite and test case, as stricter consumers expect', () => {
    const all = suites(junit());
    expect(all.every((s) => s.attributes.time === '0')).toBe(true);
    expect(all.flatMap(cases).every((c) => c.attributes.time === '0')).toBe(true);
  });

  it('ends with a skipped test case per resource type no rule examined', () => {
    const last = suites(junit()).pop()!;
    expect(cases(last).map((c) => [c.attributes.name, childrenNamed(c, 'skipped')[0].attributes.message])).toEqual([
      ['vsphere_tag', 'no rule examined vsphere_tag (in dsp-ng, mfin-internal)'],
      ['vsphere_tag_category', 'no rule examined vsphere_tag_category (in dsp-ng)'],
    ]);
  });

  it('lists the suppressions in force of each tenant as properties of its suite', () => {
    const props = (suite: XmlElement) => childrenNamed(childrenNamed(suite, 'properties')[0], 'property').filter((p) => p.attributes.name === 'suppression').map((p) => p.attributes.value);
    const [dsp, mfin] = suites(junit());
    expect(props(dsp)).toEqual([
      'STA-01 on terraform.backend: State backend arrives with the state-backend work; local state on the build host until then (approved by RSSI Agence eSante, expires 2027-03-31; declared at config/tenants/dsp-ng.yaml:21)',
    ]);
    expect(props(mfin)).toEqual(['ENC-02 on vsphere_virtual_machine.scratch: Scratch VM holds no data; decommissioned in Q1 (approved by CISO MFIN, expires 2027-01-15)']);
  });

  it('escapes every text, so hostile config values parse back unchanged (less what XML cannot hold)', () => {
    const root = junit(hostileReport());
    const warning = caseNamed(suites(root)[1], 'ENC-07 vault_mount.transit');
    const expected = HOSTILE.replace('\u0001', '\ufffd').replace('\u001b', '\ufffd');
    expect(childrenNamed(warning, 'skipped')[0].attributes.message).toContain(expected);
    expect(childrenNamed(warning, 'system-out')[0].text).toContain(`found: ${expected}`);
    expect(childrenNamed(childrenNamed(suites(root)[0], 'properties')[0], 'property')[1].attributes.value).toBe(`health | ${expected}`);
  });

  it('numbers test cases that would share a name, since GitLab keeps only the first of a name', () => {
    const report = sampleReport();
    const [dsp, mfin] = report.stacks;
    const twice = { ...report, stacks: [dsp, { ...mfin, findings: [WARNING, WARNING] }] };
    expect(cases(suites(junit(twice))[1]).slice(0, 2).map((c) => c.attributes.name)).toEqual(['ENC-07 vault_mount.transit', 'ENC-07 vault_mount.transit (2)']);
  });

  it('shows a passing case when every resource type was examined', () => {
    const report = sampleReport({ unexamined: [] });
    const last = suites(junit({ ...report, stacks: report.stacks.map((s) => ({ ...s, unexamined: [] })) })).pop()!;
    expect(last.attributes).toMatchObject({ tests: '1', skipped: '0' });
    expect(cases(last)[0].attributes.name).toBe('every resource type was examined by a rule');
  });
});

describe('the XML check the junit tests rely on', () => {
  it('rejects XML that is not well-formed', () => {
    expect(() => parseXml('<a x="1 & 2"/>')).toThrow();
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a>\u0001</a>')).toThrow();
  });
});
