import { renderReport } from '../../../policy/report/formats';
import { hostileReport, sampleReport, WARNING } from './check-report-fixture';

const markdown = (report = sampleReport()) => renderReport(report, 'markdown');
/** The cells of a table row, split on the pipes Markdown splits on (not the escaped ones). */
const cells = (row: string) => row.slice(1, -1).split(/(?<!\\)\|/);
const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('#'));

describe('the markdown report', () => {
  it('opens with the counts and a table of stacks: classification, site, errors, warnings, suppressed', () => {
    const md = markdown();
    expect(md).toContain('**1 error, 1 warning, 1 suppressed** in 2 stacks');
    expect(md).toContain('| stack | classification | site | errors | warnings | suppressed |');
    expect(md).toContain('| dsp-ng | health | ctie-govcloud-1 | 1 | 0 | 1 |');
    expect(md).toContain('| mfin-internal | internal | lu-colo-1 | 0 | 1 | 0 |');
  });

  it('reads in the order a reviewer needs: summary, findings per stack, suppressions, unexamined types last', () => {
    expect(headings(markdown())).toEqual([
      '## govcloud check',
      '### Findings',
      '#### dsp-ng',
      '#### mfin-internal',
      '### Suppressions in force',
      '### Resource types no rule examined',
    ]);
    expect(markdown().trimEnd().split('\n').pop()).toBe('| `vsphere_tag_category` | dsp-ng |');
  });

  it('lists each finding with its location, address, what was found and allowed, and the fix, errors first', () => {
    const md = markdown();
    expect(md).toContain(
      '- **error** ENC-02 `config/tenants/dsp-ng.yaml:6` `vsphere_virtual_machine.db_0.disk.1.storage_policy_id` (construct `dsp-ng/tenant/compute/db-0`): ' +
        'disk 1 has no storage policy; allowed: the site encryption policy VM Encryption. **Fix:** remove the override of dataDisksGb\\[0\\] policy _(SecNumCloud 10.1.a)_',
    );
    expect(md).toContain('- **warning** ENC-07 `constructs/tenant-keys.ts` `vault_mount.transit`');
    expect(md.indexOf('**error** ENC-02')).toBeLessThan(md.indexOf('**suppressed warning** STA-01'));
  });

  it('says who suppressed a finding, until when and why', () => {
    expect(markdown()).toContain(
      'Suppressed until 2027-03-31, approved by RSSI Agence eSante: State backend arrives with the state-backend work; local state on the build host until then',
    );
  });

  it('tables the suppressions in force with rule, tenant, resource, reason, approver, expiry and declaration', () => {
    const md = markdown();
    expect(md).toContain(
      '| STA-01 | dsp-ng | `terraform.backend` | State backend arrives with the state-backend work; local state on the build host until then | RSSI Agence eSante | 2027-03-31 | `config/tenants/dsp-ng.yaml:21` |',
    );
    expect(md).toContain('| ENC-02 | mfin-internal | `vsphere_virtual_machine.scratch` | Scratch VM holds no data; decommissioned in Q1 | CISO MFIN | 2027-01-15 |  |');
  });

  it('escapes | in table cells, so every row keeps its columns', () => {
    const rows = markdown(hostileReport()).split('\n').filter((l) => l.startsWith('|'));
    const width = (row: string) => cells(row).length;
    expect(rows.find((r) => r.startsWith('| dsp-ng'))).toBeDefined();
    for (const row of rows.filter((r) => r.startsWith('| dsp-ng'))) expect(width(row)).toBe(6);
    for (const row of rows.filter((r) => r.startsWith('| STA-01') || r.startsWith('| ENC-02'))) expect(width(row)).toBe(7);
  });

  it('keeps config values from turning into markup or breaking the line', () => {
    const md = markdown(hostileReport());
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>');
    expect(md).toContain('\\*bold\\*');
    const warning = md.split('\n').find((l) => l.startsWith('- **warning** ENC-07'))!;
    expect(warning).toContain('\\_u\\_ next line');
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('fences code spans longer than any backtick run inside them', () => {
    const report = sampleReport();
    const [dsp, mfin] = report.stacks;
    const md = markdown({ ...report, stacks: [dsp, { ...mfin, findings: [{ ...WARNING, constructPath: 'keys/`odd`' }] }] });
    expect(md).toContain('(construct `` keys/`odd` ``)');
  });

  it('says when a stack has no findings and when nothing is suppressed', () => {
    const report = sampleReport({ suppressions: [] });
    const md = markdown({ ...report, stacks: report.stacks.map((s) => ({ ...s, findings: [] })) });
    expect(md).toContain('#### dsp-ng\n\nClassification health, site ctie-govcloud-1, read from `cdktf.out/stacks/dsp-ng/cdk.tf.json` (synth).\n\nNo findings.');
    expect(md).toContain('### Suppressions in force\n\nNone.');
  });
});
