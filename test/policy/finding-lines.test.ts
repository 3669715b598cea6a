import { findingLines, foundInRecoveryStack } from '../../policy/finding-lines';
import type { ReportedFinding } from '../../policy/reported-finding';

/** How synth prints warnings (issue 14): one short line each, identical ones across stacks on one line. */
const warning = (tenant: string, line = 47, site = 'ctie-govcloud-1'): ReportedFinding => ({
  ruleId: 'STA-01',
  severity: 'warning',
  tenant,
  field: 'terraform.backend.local',
  resource: 'terraform.backend',
  attribute: 'local',
  found: 'state is a local file on the machine that runs Terraform, in clear',
  allowed: 'a pg or s3 backend at a host of a site allowed for health: ctie-govcloud-1 (govcloud.ctie.lu)',
  fix: `set stateBackend of site ${site} to type pg or s3`,
  source: 'standard: Terraform docs (sensitive data in state)',
  location: { file: 'config/sites.yaml', line, field: 'sites[0].stateBackend' },
});

describe('findingLines', () => {
  it('prints one finding on one short line: rule, tenant, the file, line and field to edit, what was found and the fix', () => {
    expect(findingLines([warning('dsp-ng')])).toEqual([
      'warning STA-01 tenant dsp-ng (config/sites.yaml:47: sites[0].stateBackend): state is a local file on the machine that runs Terraform, in clear. Fix: set stateBackend of site ctie-govcloud-1 to type pg or s3',
    ]);
  });

  it('groups findings that differ only by their stack on one line naming them, and keeps a different place apart', () => {
    const lines = findingLines([warning('dsp-ng'), warning('mfin-internal', 91, 'lu-colo-1'), warning('igss-analytics'), warning('site-ctie-govcloud-1')]);
    expect(lines).toEqual([
      expect.stringMatching(/^warning STA-01 \(config\/sites\.yaml:47: sites\[0\]\.stateBackend; 3 stacks: dsp-ng, igss-analytics, site-ctie-govcloud-1\): state is/),
      expect.stringMatching(/^warning STA-01 tenant mfin-internal \(config\/sites\.yaml:91: /),
    ]);
  });

  it('names the first three of a large group and says tenants when no site stack is among them', () => {
    const [line] = findingLines(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'].map((t) => warning(t)));
    expect(line).toContain('; 7 tenants: a1, a2, a3, …): ');
  });

  it('leaves out what the rule allows and its sources, which --verbose prints on a line per finding', () => {
    const findings = [warning('dsp-ng'), warning('igss-analytics')];
    expect(findingLines(findings).join('\n')).not.toContain('allowed:');
    const verbose = findingLines(findings, { verbose: true });
    expect(verbose).toHaveLength(2);
    for (const line of verbose) expect(line).toMatch(/^warning STA-01 tenant \S+ \(config\/sites\.yaml:47: sites\[0\]\.stateBackend\): .*; allowed: .* \[standard: Terraform docs .*\]\. Fix: /);
  });
});

describe('findingLines and recovery stacks', () => {
  const sta = (tenant: string, found: string): ReportedFinding => ({ ...warning(tenant, 365, 'ctie-govcloud-2'), found });

  it('names a finding of a recovery stack after that stack and groups it with the same finding of its site stack', () => {
    const lines = findingLines([sta('dsp-ng', foundInRecoveryStack('dsp-ng-recovery', 'ctie-govcloud-2', 'state is a local file')), sta('site-ctie-govcloud-2', 'state is a local file')]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('2 stacks: dsp-ng-recovery, site-ctie-govcloud-2');
    expect(lines[0]).not.toContain('recovery stack dsp-ng-recovery at site');
  });

  it('calls a lone recovery stack finding a stack, not a tenant', () => {
    const [line] = findingLines([sta('dsp-ng', foundInRecoveryStack('dsp-ng-recovery', 'ctie-govcloud-2', 'state is a local file'))]);
    expect(line).toMatch(/^warning STA-01 stack dsp-ng-recovery \(/);
  });
});
