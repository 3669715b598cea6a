import { diffStacks, type RiskReason, type TenantDiff } from '../../../policy/diff';
import { blockIn, bundledSites, copyOf, docOf } from './diff-fixtures';

const sites = bundledSites();

/** The diff of a tenant's synthesized stack against a copy changed by `edit` (and, optionally, its base by `editBase`). */
function diffAfter(tenant: string, edit: (json: any) => void, editBase: (json: any) => void = () => undefined): TenantDiff {
  const base = copyOf(tenant);
  editBase(base);
  const head = structuredClone(base);
  edit(head);
  return diffStacks(docOf(base, tenant), docOf(head, tenant), sites);
}

/** Every label of a diff, as `label rule` strings, once each. */
function labels(d: TenantDiff): string[] {
  return [...new Set(d.changes.flatMap((c) => c.risks.map((r) => `${r.label} ${r.rule}`)))].sort();
}

/** The reasons of a diff that one rule gave. */
function reasons(d: TenantDiff, rule: string): string[] {
  return d.changes.flatMap((c) => c.risks).filter((r: RiskReason) => r.rule === rule).map((r) => r.reason);
}

const vm = (json: any, name?: string) => blockIn(json, 'vsphere_virtual_machine', name);
const dataOf = (json: any, type: string) => blockIn(json, type, undefined, 'data');

describe('changes that earn no label', () => {
  it.each([
    ['a VM memory change', (j: any) => (vm(j).memory = 4096)],
    ['a VM CPU change', (j: any) => (vm(j).num_cpus = 16)],
    ['a disk that grows', (j: any) => (vm(j, 'dsp-ng-db-01').disk[1].size = 900)],
    ['a VM moved to another datastore (storage vMotion, not a replacement)', (j: any) => (vm(j).datastore_id = '${data.vsphere_datastore.other.id}')],
    ['a VM guest OS id (a reboot, not a replacement)', (j: any) => (vm(j).guest_id = 'rhel8_64Guest')],
    ['an annotation without a URL', (j: any) => (vm(j).annotation = 'owned by the care record team')],
    ['the description of the tenant tag', (j: any) => (blockIn(j, 'vsphere_tag', 'dsp-ng').description = 'the tenant')],
    ['a shorter key rotation period', (j: any) => (blockIn(j, 'vault_transit_secret_backend_key').auto_rotate_period = 2592000)],
    ['a Vault provider lease TTL', (j: any) => (j.provider.vault[0].max_lease_ttl_seconds = 1200)],
    ['a narrower Vault policy', (j: any) => (blockIn(j, 'vault_policy', 'dsp-ng-automation').policy = 'path "kv/metadata/*" {\n  capabilities = ["read"]\n}\n')],
    ['a promiscuous-mode setting kept off', (j: any) => (blockIn(j, 'vsphere_distributed_port_group').allow_promiscuous = 'false')],
  ])('%s', (_what, edit) => {
    const d = diffAfter('dsp-ng', edit);
    expect(d.status).toBe('changed');
    expect(labels(d)).toEqual([]);
  });
});

describe('residency', () => {
  it('labels a datacenter change with the site and country before and after', () => {
    const d = diffAfter('mfin-internal', (j) => (dataOf(j, 'vsphere_datacenter').name = 'FRA1'));
    expect(labels(d)).toContain('residency residency/datacenter');
    const [reason] = reasons(d, 'residency/datacenter');
    expect(reason).toContain('"COLO-BISSEN-1" (site lu-colo-1, LU) -> "FRA1" (site research-de-1, DE)');
    expect(reason).toContain('data leaves LU for DE');
    expect(d.before).toMatchObject({ site: 'lu-colo-1', country: 'LU' });
    expect(d.after).toMatchObject({ site: 'research-de-1', country: 'DE', datacenters: ['FRA1'] });
  });

  it('labels a datacenter that no site registers as such', () => {
    const d = diffAfter('mfin-internal', (j) => (dataOf(j, 'vsphere_datacenter').name = 'DC-NOWHERE'));
    expect(reasons(d, 'residency/datacenter')[0]).toContain('"DC-NOWHERE" (no registered site)');
  });

  it('labels a new vCenter and a new Vault, each with its site', () => {
    const d = diffAfter('mfin-internal', (j) => {
      j.provider.vsphere[0].vsphere_server = 'vcenter.govcloud.ctie.lu';
      j.provider.vault[0].address = 'https://vault.research.example:8200';
    });
    expect(reasons(d, 'residency/vcenter')[0]).toContain('"vcenter.colo-bissen.lux.example" (site lu-colo-1, LU) -> "vcenter.govcloud.ctie.lu" (site ctie-govcloud-1, LU)');
    expect(reasons(d, 'residency/vault')[0]).toMatch(/-> "https:\/\/vault\.research\.example:8200" \(/);
  });

  it('labels a change of the classification tag, and not of another tag', () => {
    const d = diffAfter('mfin-internal', (j) => (blockIn(j, 'vsphere_tag', 'internal').name = 'public'));
    expect(reasons(d, 'residency/classification-tag')).toEqual(['classification tag "internal" -> "public": the tenant\'s data is declared another class, which decides where it may live']);
    const site = diffAfter('mfin-internal', (j) => (blockIn(j, 'vsphere_tag', 'lu-colo-1').name = 'elsewhere'));
    expect(labels(site)).toEqual([]);
  });

  it('labels a change of where Terraform state lives, without showing a connection string', () => {
    const d = diffAfter('mfin-internal', (j) => {
      j.terraform.backend = { pg: { conn_str: 'postgres://tf:S3cret@db.example:5432/tf' } };
    });
    const all = reasons(d, 'residency/state-location');
    expect(all.some((r) => r.includes('type: "local" -> "pg"'))).toBe(true);
    expect(all.join(' ')).not.toContain('S3cret');
    expect(d.after?.state).toBe('pg: db.example:5432');
  });

  it('labels the removal of the residency precondition of a VM', () => {
    const d = diffAfter('dsp-ng', (j) => delete vm(j).lifecycle);
    expect(reasons(d, 'residency/precondition-removed')[0]).toMatch(/^residency precondition removed \(RES-01\)/);
  });
});

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
    const d = diffAfter('dsp-ng', (j) => {
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

describe('destructive', () => {
  it('labels a removed VM, transit key, mount and namespace', () => {
    const d = diffAfter('dsp-ng', (j) => {
      delete j.resource.vsphere_virtual_machine[Object.keys(j.resource.vsphere_virtual_machine)[0]];
      delete j.resource.vault_transit_secret_backend_key;
      delete j.resource.vault_namespace;
      delete j.resource.vault_mount;
    });
    expect(reasons(d, 'destructive/removed').map((r) => r.split(' ')[0]).sort()).toEqual([
      'vault_mount',
      'vault_mount',
      'vault_namespace',
      'vault_transit_secret_backend_key',
      'vsphere_virtual_machine',
    ]);
  });

  it('labels a VM cloned from another template, citing that clone forces a new resource', () => {
    const d = diffAfter('dsp-ng', (j) => (vm(j).clone.template_uuid = '${data.vsphere_content_library_item.other.id}'));
    expect(reasons(d, 'destructive/force-new')[0]).toMatch(/^vsphere_virtual_machine "dsp-ng-app-01" is destroyed and created again: clone\.template_uuid changes \(vSphere provider 2\.15\.0 docs/);
  });

  it('labels a relabelled disk and a shrunk disk', () => {
    const d = diffAfter('dsp-ng', (j) => {
      vm(j, 'dsp-ng-db-01').disk[1].label = 'data';
      vm(j, 'dsp-ng-db-02').disk[2].size = 100;
    });
    expect(labels(d)).toEqual(['destructive destructive/disk-label', 'destructive destructive/disk-shrink']);
    expect(reasons(d, 'destructive/disk-shrink')[0]).toContain('virtual disks cannot be shrunk');
  });

  it('labels a removed data disk, which is deleted with the VM change', () => {
    const d = diffAfter('dsp-ng', (j) => vm(j, 'dsp-ng-db-01').disk.pop());
    expect(reasons(d, 'destructive/disk-removed')).toEqual(['disk 2 "disk2" is removed and deleted with its data (keep_on_remove is not set)']);
  });

  it('labels a namespace path change and a key made non-exportable again (both replace)', () => {
    const d = diffAfter(
      'dsp-ng',
      (j) => {
        blockIn(j, 'vault_namespace').path = 'dsp-ng-v2';
        blockIn(j, 'vault_transit_secret_backend_key').exportable = false;
      },
      (base) => (blockIn(base, 'vault_transit_secret_backend_key').exportable = true),
    );
    expect(labels(d)).toEqual(expect.arrayContaining(['destructive destructive/force-new', 'destructive destructive/key-downgrade']));
    expect(reasons(d, 'destructive/force-new')[0]).toContain('vault_namespace "dsp-ng" is destroyed and created again: path changes');
  });

  it('labels a mount path change by the transit key it replaces, not as a replacement of the mount itself', () => {
    const transitMount = (j: any) => Object.values<any>(j.resource.vault_mount).find((m) => m.type === 'transit');
    const d = diffAfter('dsp-ng', (j) => (transitMount(j).path = 'transit-v2'));
    expect(reasons(d, 'destructive/force-new')).toEqual([]);
    expect(reasons(d, 'destructive/replaces-dependants')[0]).toMatch(/^replaces 1 resource whose ForceNew attribute follows this change: vault_transit_secret_backend_key "dsp-ng-data" \(backend\)/);
  });
});

describe('egress', () => {
  it('labels a new URL anywhere in a block', () => {
    const d = diffAfter('dsp-ng', (j) => (vm(j).annotation = 'runbook at https://wiki.example.com/dsp'));
    expect(reasons(d, 'egress/new-url')).toEqual(['new URL https://wiki.example.com/dsp (annotation): something will be fetched from or sent to it']);
  });

  it('labels a new content library subscription and a changed subscription URL', () => {
    const added = diffAfter('dsp-ng', (j) => {
      j.resource.vsphere_content_library = { mirror: { name: 'mirror', storage_backing: ['${data.vsphere_datastore.x.id}'], subscription: { subscription_url: 'https://templates.example.com/lib.json' } } };
    });
    expect(labels(added)).toEqual(['egress egress/library-subscription-added']);
    const changed = diffAfter(
      'dsp-ng',
      (j) => (j.resource.vsphere_content_library.mirror.subscription.subscription_url = 'https://other.example.com/lib.json'),
      (b) => (b.resource.vsphere_content_library = { mirror: { name: 'mirror', subscription: { subscription_url: 'https://templates.example.com/lib.json' } } }),
    );
    expect(labels(changed)).toEqual(['egress egress/library-subscription']);
  });

  it('labels a VM deployed from a remote OVF, and a content library item downloaded from a URL', () => {
    const d = diffAfter('dsp-ng', (j) => {
      vm(j).ovf_deploy = { remote_ovf_url: 'https://images.example.com/rhel.ova' };
      j.resource.vsphere_content_library_item = { item: { name: 'item', library_id: 'x', file_url: 'https://images.example.com/item.ova' } };
    });
    expect(labels(d)).toEqual(['destructive destructive/force-new', 'egress egress/new-url', 'egress egress/remote-ovf']);
    expect(reasons(d, 'egress/remote-ovf')).toEqual(['remote OVF none -> "https://images.example.com/rhel.ova": the VM image is downloaded from that host']);
    expect(reasons(d, 'egress/new-url')).toEqual([expect.stringContaining('https://images.example.com/item.ova (file_url)')]); // the added item
  });

  it('labels a new port group uplink, and not a reordering of the same uplinks', () => {
    const d = diffAfter(
      'dsp-ng',
      (j) => (blockIn(j, 'vsphere_distributed_port_group').active_uplinks = ['uplink2', 'uplink1', 'uplink3']),
      (b) => (blockIn(b, 'vsphere_distributed_port_group').active_uplinks = ['uplink1', 'uplink2']),
    );
    expect(reasons(d, 'egress/uplinks')).toEqual(['new uplink "uplink3" in active_uplinks: tenant traffic can leave by another physical link']);
  });

  it('labels an audit stream sent to another address, and a new socket audit device', () => {
    const moved = diffAfter('dsp-ng', (j) => {
      for (const audit of Object.values<any>(j.resource.vault_audit)) if (audit.type === 'socket') audit.options.address = 'siem.example.com:6514';
    });
    expect(labels(moved)).toEqual(['egress egress/audit-stream', 'security security/audit-device-replaced']);
    const added = diffAfter('mfin-internal', (j) => {
      j.resource.vault_audit.socket = { type: 'socket', path: 'socket-mfin-internal', options: { address: 'siem.example.com:6514', socket_type: 'tcp' } };
    });
    expect(reasons(added, 'egress/audit-stream-added')).toEqual(['new socket audit device streams to "siem.example.com:6514"']);
  });
});
