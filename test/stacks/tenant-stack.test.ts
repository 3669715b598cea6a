import { Testing } from 'cdktf';
import { TenantStack } from '../../stacks/tenant-stack';
import { healthClass, luSite } from '../policy/fixtures';
import { tenantSpec } from '../constructs/tenant-fixtures';

interface StackJson {
  terraform: { backend: { local: { path: string } }; required_providers: Record<string, { source: string; version: string }> };
  provider: { vsphere: Record<string, unknown>[]; vault: Record<string, unknown>[] };
  variable: Record<string, { sensitive?: boolean }>;
}

function synthStack(): { json: StackJson; text: string } {
  const app = Testing.app();
  const stack = new TenantStack(app, { spec: tenantSpec(), site: luSite(), classification: healthClass() });
  const text = Testing.synth(stack);
  return { json: JSON.parse(text) as StackJson, text };
}

describe('TenantStack', () => {
  it('points the providers at the site vCenter and Vault with TLS verification on', () => {
    const { json } = synthStack();
    expect(json.provider.vsphere[0]).toMatchObject({ vsphere_server: 'vcenter.lu.test', allow_unverified_ssl: false });
    expect(json.provider.vault[0]).toMatchObject({ address: 'https://vault.lu.test:8200', skip_tls_verify: false });
  });

  it('leaves vCenter and Vault credentials to the environment: no credential argument and no variable a plan would store', () => {
    const { json } = synthStack();
    expect(Object.keys(json.provider.vsphere[0]).sort()).toEqual(['allow_unverified_ssl', 'vsphere_server']);
    expect(json.provider.vault[0]).not.toHaveProperty('token');
    expect(json).not.toHaveProperty('variable');
  });

  it('writes no credential from the environment into the stack', () => {
    const saved = { ...process.env };
    process.env.TF_VAR_vsphere_password = 'hunter2-password-value';
    process.env.VAULT_TOKEN = 'hvs.not-a-real-token-value';
    process.env.VSPHERE_PASSWORD = 'another-password-value';
    try {
      const { text } = synthStack();
      expect(text).not.toContain('hunter2-password-value');
      expect(text).not.toContain('hvs.not-a-real-token-value');
      expect(text).not.toContain('another-password-value');
    } finally {
      process.env = saved;
    }
  });

  it('pins both providers to the exact versions the bindings wrap', () => {
    const { json } = synthStack();
    expect(json.terraform.required_providers).toEqual({
      vsphere: { source: 'vmware/vsphere', version: '2.15.0' },
      vault: { source: 'hashicorp/vault', version: '5.6.0' },
    });
  });

  it('keeps local state relative to the stack folder, so output does not depend on the working directory', () => {
    expect(synthStack().json.terraform.backend.local.path).toBe('terraform.tfstate');
  });
});
