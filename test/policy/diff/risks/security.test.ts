import { blockIn } from '../diff-fixtures';
import { dataOf, diffAfter, labels, reasons, vm } from './risk-fixtures';

describe('security', () => {
  it('labels the VM home or a disk losing its encryption storage policy, naming the policy', () => {
    const d = diffAfter('dsp-ng', (j) => {
      delete vm(j, 'dsp-ng-db-01').storage_policy_id;
      delete vm(j, 'dsp-ng-db-01').disk[1].storage_policy_id;
    });
    expect(reasons(d, 'security/storage-policy')).toEqual([
      'encryption storage policy of disk 1: "GovCloud VM Encryption" -> none',
      'encryption storage policy of the VM home: "GovCloud VM Encryption" -> none',
    ]);
  });

  it('labels a disk added without a storage policy, and the encryption policy looked up by another name', () => {
    const d = diffAfter('dsp-ng', (j) => {
      vm(j, 'dsp-ng-db-01').disk.push({ label: 'disk3', size: 10, unit_number: 3 });
      dataOf(j, 'vsphere_storage_policy').name = 'vSAN Default Storage Policy';
    });
    expect(labels(d)).toEqual(['security security/storage-policy-lookup', 'security security/unencrypted-disk']);
  });

  it('labels BIOS firmware, secure boot off and a removed vTPM', () => {
    const d = diffAfter('dsp-ng', (j) => {
      vm(j).firmware = 'bios';
      vm(j).efi_secure_boot_enabled = false;
      delete vm(j).vtpm;
    });
    expect(labels(d)).toEqual(['security security/firmware', 'security security/secure-boot', 'security security/vtpm']);
  });

  it('labels the postconditions removed from a VM, a port group and a transit key, naming their rules', () => {
    const d = diffAfter('dsp-ng', (j) => {
      delete vm(j).lifecycle.postcondition;
      delete blockIn(j, 'vsphere_distributed_port_group').lifecycle;
      blockIn(j, 'vault_transit_secret_backend_key').lifecycle.postcondition.pop();
    });
    const all = reasons(d, 'security/postcondition-removed');
    expect(all).toHaveLength(3);
    expect(all.join('\n')).toMatch(/\(ENC-01, ENC-02, ENC-03, ENC-04\): an apply no longer proves what vCenter or Vault hold/);
    expect(all.join('\n')).toMatch(/\(NET-05\)/);
    expect(all.join('\n')).toMatch(/\(ENC-06\)/);
    expect(reasons(d, 'residency/precondition-removed')).toEqual([]);
  });

  it('labels a transit key made exportable, backed up in plaintext, deletable, or not rotated', () => {
    const d = diffAfter('dsp-ng', (j) => {
      const key = blockIn(j, 'vault_transit_secret_backend_key');
      key.exportable = true;
      key.allow_plaintext_backup = true;
      key.deletion_allowed = true;
      key.auto_rotate_period = 0;
    });
    expect(labels(d)).toEqual(['security security/key-deletion', 'security security/key-export', 'security security/key-rotation']);
    expect(reasons(d, 'security/key-export')).toHaveLength(2);
  });

  it('labels TLS verification switched off on either provider', () => {
    const d = diffAfter('dsp-ng', (j) => {
      j.provider.vsphere[0].allow_unverified_ssl = true;
      j.provider.vault[0].skip_tls_verify = true;
    });
    expect(reasons(d, 'security/tls-verification')).toHaveLength(2);
  });

  it('labels a removed audit device', () => {
    const d = diffAfter('site-ctie-govcloud-1', (j) => {
      for (const [name, audit] of Object.entries<any>(j.resource.vault_audit)) if (audit.type === 'socket') delete j.resource.vault_audit[name];
    });
    expect(labels(d)).toEqual(['security security/audit-device-removed']);
  });

  it('labels a Vault policy that grants more, saying what', () => {
    const d = diffAfter('dsp-ng', (j) => {
      const p = blockIn(j, 'vault_policy', 'dsp-ng-app');
      p.policy = p.policy.replace('capabilities = ["read"]', 'capabilities = ["read", "delete"]') + 'path "sys/*" {\n  capabilities = ["sudo"]\n}\n';
    });
    expect(reasons(d, 'security/policy-widened')[0]).toBe('vault_policy "dsp-ng-app" grants more: "kv/data/app/*" gains delete; new path "sys/*" with sudo');
  });

  it('labels AppRole CIDR bounds removed and policies added to its tokens', () => {
    const d = diffAfter('dsp-ng', (j) => {
      const role = blockIn(j, 'vault_approle_auth_backend_role');
      delete role.token_bound_cidrs;
      role.secret_id_bound_cidrs = ['0.0.0.0/0'];
      role.token_policies.push('default');
    });
    expect(reasons(d, 'security/approle-cidr')).toEqual([
      'secret_id_bound_cidrs no longer includes "10.21.0.0/24": the bound it set is gone',
      'token_bound_cidrs ["10.21.0.0/24"] -> none: logins and tokens are usable from any address',
    ]);
    expect(reasons(d, 'security/approle-policies')).toEqual(['tokens of this role get policy "default"']);
  });

  it('labels a port group that lets VMs see or spoof traffic', () => {
    const d = diffAfter('dsp-ng', (j) => {
      blockIn(j, 'vsphere_distributed_port_group').allow_promiscuous = true;
      blockIn(j, 'vsphere_distributed_port_group').allow_forged_transmits = true;
    });
    expect(reasons(d, 'security/switch-security')).toHaveLength(2);
  });

  it('labels a provider from another source or no longer pinned', () => {
    const d = diffAfter('dsp-ng', (j) => {
      j.terraform.required_providers.vault.source = 'example.com/forks/vault';
      j.terraform.required_providers.vsphere.version = '>= 2.15.0';
    });
    expect(labels(d)).toEqual(['security security/provider-source', 'security security/provider-unpinned']);
  });
});
