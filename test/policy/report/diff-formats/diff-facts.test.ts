import type { OutputDiff, TenantDiff } from '../../../../policy/diff/diff-model';
import { changedSummary, showValue } from '../../../../policy/report/diff-formats/diff-facts';
import { renderDiffMarkdown } from '../../../../policy/report/diff-formats/diff-markdown';

describe('showValue in a diff', () => {
  it('masks a secret by its shape whatever the attribute is called, and keeps the host of a URL', () => {
    expect(showValue('ovf_deploy.0.remote_ovf_url', 'https://u:pa/ss@images.example.com/x.ova')).toBe('https://u:(sensitive)@images.example.com/x.ova');
    expect(showValue('custom_attributes.ci', { note: 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8' })).toBe('{"note":"(sensitive)"}');
  });

  it('masks before it shortens, so a long value cannot leave the start of a secret behind', () => {
    const shown = showValue('annotation', `${'x '.repeat(45)}https://u:${'p'.repeat(40)}@h.example`);
    expect(shown).not.toContain('ppp');
  });

  it('leaves a value without a secret as it is', () => {
    expect(showValue('name', 'dsp-ng-app-01')).toBe('dsp-ng-app-01');
    expect(showValue('vsphere_server', 'https://vcenter.govcloud.ctie.lu')).toBe('https://vcenter.govcloud.ctie.lu');
  });
});

describe('the summary line of a diff', () => {
  const stack = (tenant: string, status: TenantDiff['status']) => ({ tenant, status }) as unknown as TenantDiff;
  const diff = (...tenants: TenantDiff[]) => ({ base: 'a', head: 'b', tenants }) as unknown as OutputDiff;

  it('counts site stacks apart from tenants, so a reviewer reads how many tenants changed', () => {
    const d = diff(stack('dsp-ng', 'changed'), stack('mfin-internal', 'unchanged'), stack('site-ctie-govcloud-1', 'changed'), stack('site-lu-colo-1', 'unchanged'));
    expect(changedSummary(d)).toBe('1 of 2 tenant stacks and 1 of 2 site stacks changed');
  });

  it('says only tenants when there is no site stack', () => {
    expect(changedSummary(diff(stack('dsp-ng', 'added'), stack('mfin-internal', 'unchanged')))).toBe('1 of 2 tenant stacks changed');
  });
});

describe('the merge-request comment of a diff with a site stack', () => {
  const change = { kind: 'added', address: 'vault_audit.audit-file-mfin-internal', type: 'vault_audit', attributes: [], risks: [] };
  const site = { tenant: 'site-ctie-govcloud-1', status: 'changed', changes: [change] } as unknown as TenantDiff;

  it('draws no placement diagram for a site stack, which places no VM: its table of audit devices is the whole story', () => {
    const text = renderDiffMarkdown({ base: 'a', head: 'b', tenants: [site] } as unknown as OutputDiff);
    expect(text).toContain('<b>site-ctie-govcloud-1</b>: changed');
    expect(text).toContain('| added | `vault_audit.audit-file-mfin-internal` |');
    expect(text).not.toContain('```mermaid');
    expect(text).toContain('0 of 0 tenant stacks and 1 of 1 site stacks changed');
  });
});
