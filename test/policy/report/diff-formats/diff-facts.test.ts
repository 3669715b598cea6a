import { showValue } from '../../../../policy/report/diff-formats/diff-facts';

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
