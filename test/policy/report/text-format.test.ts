import { renderReport } from '../../../policy/report/formats';
import { hostileReport, sampleReport } from './check-report-fixture';

const ESC = '\x1b';

describe('the text report', () => {
  it('prints one line per finding: severity, rule, tenant, file:line, address, found, allowed, source and fix', () => {
    const lines = renderReport(sampleReport(), 'text').split('\n');
    expect(lines).toContain(
      'error ENC-02 dsp-ng config/tenants/dsp-ng.yaml:6 vsphere_virtual_machine.db_0.disk.1.storage_policy_id (construct dsp-ng/tenant/compute/db-0): ' +
        'disk 1 has no storage policy; allowed: the site encryption policy VM Encryption [SecNumCloud 10.1.a]. Fix: remove the override of dataDisksGb[0] policy',
    );
    expect(lines).toContain(
      'warning ENC-07 mfin-internal constructs/tenant-keys.ts vault_mount.transit (construct mfin-internal/tenant/keys/transit): ' +
        'transit key rotation is off (rotationDays 0); allowed: automatic rotation at most every 365 days [SecNumCloud 10.5.a]. Fix: set keys.rotationDays to 90',
    );
  });

  it('prints one short line per finding without --verbose: no rule details, the field to edit where the location names one', () => {
    const lines = renderReport(sampleReport(), 'text', { verbose: false }).split('\n');
    expect(lines).toContain(
      'error ENC-02 dsp-ng config/tenants/dsp-ng.yaml:6 vsphere_virtual_machine.db_0.disk.1.storage_policy_id (construct dsp-ng/tenant/compute/db-0): ' +
        'disk 1 has no storage policy. Fix: remove the override of dataDisksGb[0] policy',
    );
    const report = sampleReport();
    const moved = { ...report, stacks: report.stacks.map((s) => ({ ...s, findings: s.findings.map((f) => (f.ruleId === 'STA-01' ? { ...f, location: { file: 'config/sites.yaml', line: 47, field: 'sites[0].stateBackend' } } : f)) })) };
    expect(renderReport(moved, 'text', { verbose: false })).toContain('warning STA-01 dsp-ng config/sites.yaml:47 sites[0].stateBackend: state is a local file. Fix: configure');
    expect(renderReport(moved, 'text', { verbose: false })).not.toContain('allowed:');
  });

  it('marks a suppressed finding so that grep ^error finds only what fails the check', () => {
    const out = renderReport(sampleReport(), 'text');
    expect(out.split('\n').filter((l) => l.startsWith('error '))).toHaveLength(1);
    expect(out).toContain(
      'suppressed warning STA-01 dsp-ng cdktf.out/stacks/dsp-ng/cdk.tf.json:3 terraform.backend.local: state is a local file; allowed: a pg or s3 backend at ctie-govcloud-1 [SecNumCloud 19.2.a]. ' +
        'Fix: configure a pg backend at govcloud.ctie.lu. Suppressed until 2027-03-31, approved by RSSI Agence eSante: State backend arrives with the state-backend work; local state on the build host until then',
    );
  });

  it('puts errors before warnings and suppressed findings within a stack', () => {
    const out = renderReport(sampleReport(), 'text');
    expect(out.indexOf('error ENC-02')).toBeLessThan(out.indexOf('suppressed warning STA-01'));
  });

  it('heads each stack with its site, classification, origin and counts', () => {
    const lines = renderReport(sampleReport(), 'text').split('\n');
    expect(lines[0]).toBe('dsp-ng  site ctie-govcloud-1  classification health  synth cdktf.out/stacks/dsp-ng/cdk.tf.json: 1 error, 0 warnings, 1 suppressed');
    expect(lines).toContain('mfin-internal  site lu-colo-1  classification internal  plan plans/mfin-internal.json: 0 errors, 1 warning, 0 suppressed');
  });

  it('sums up errors, warnings, suppressed findings and stacks, then ends with the unexamined types', () => {
    const lines = renderReport(sampleReport(), 'text').trimEnd().split('\n');
    expect(lines.slice(-4)).toEqual([
      'govcloud check: 1 error, 1 warning, 1 suppressed, 2 stacks',
      'resource types no rule examined (2):',
      '  vsphere_tag  in dsp-ng, mfin-internal',
      '  vsphere_tag_category  in dsp-ng',
    ]);
  });

  it('lists the suppressions in force, matched or not, with where they are declared', () => {
    const out = renderReport(sampleReport(), 'text');
    expect(out).toContain(
      '  STA-01 dsp-ng terraform.backend: State backend arrives with the state-backend work; local state on the build host until then (approved by RSSI Agence eSante, expires 2027-03-31; declared at config/tenants/dsp-ng.yaml:21)',
    );
    expect(out).toContain('  ENC-02 mfin-internal vsphere_virtual_machine.scratch: Scratch VM holds no data; decommissioned in Q1 (approved by CISO MFIN, expires 2027-01-15)');
  });

  it('says when there are no suppressions and no findings in a stack', () => {
    const report = sampleReport({ suppressions: [] });
    const out = renderReport({ ...report, stacks: report.stacks.map((s) => ({ ...s, findings: [] })) }, 'text');
    expect(out).toContain('suppressions in force: none');
    expect(out).toContain('dsp-ng  site ctie-govcloud-1  classification health  synth cdktf.out/stacks/dsp-ng/cdk.tf.json: no findings');
    expect(out).toContain('govcloud check: 0 errors, 0 warnings, 0 suppressed, 2 stacks');
  });

  it('writes no ANSI escape unless asked for colour', () => {
    expect(renderReport(sampleReport(), 'text')).not.toContain(ESC);
    expect(renderReport(sampleReport(), 'text', { color: false })).not.toContain(ESC);
  });

  it('colours errors red, warnings yellow and suppressed findings dim when asked', () => {
    const out = renderReport(sampleReport(), 'text', { color: true });
    expect(out).toContain(`${ESC}[31merror${ESC}[0m ENC-02`);
    expect(out).toContain(`${ESC}[33mwarning${ESC}[0m ENC-07`);
    expect(out).toContain(`${ESC}[2msuppressed warning STA-01`);
  });

  it('keeps escape sequences and line breaks from config values out of the output', () => {
    const out = renderReport(hostileReport(), 'text');
    expect(out).not.toContain(ESC);
    expect(out).not.toContain('\u0001');
    const warning = out.split('\n').find((l) => l.startsWith('warning ENC-07'));
    expect(warning).toContain('_u_ next line');
  });
});
