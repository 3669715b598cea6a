import { Testing } from 'cdktf';
import { TenantCompute } from '../../constructs/tenant-compute';
import { TenantNetwork } from '../../constructs/tenant-network';
import { TenantKeys } from '../../constructs/tenant-keys';
import type { SiteTemplate } from '../../policy/model';
import { healthClass, luSite } from '../policy/fixtures';
import { inventoryIn, placement, resourcesOf, tenantSpec } from './tenant-fixtures';

type Condition = { condition: string; error_message: string };
const postconditionsOf = (block: Record<string, unknown>): Condition[] => ((block.lifecycle as { postcondition?: Condition[] } | undefined)?.postcondition ?? []);
/** The postcondition whose message starts with `ruleId`. */
const byRule = (block: Record<string, unknown>, ruleId: string): Condition | undefined => postconditionsOf(block).find((c) => c.error_message.startsWith(`${ruleId}: `));

const siteWith = (template: Partial<SiteTemplate>, vsphere: Record<string, unknown> = {}) =>
  luSite({ vsphere: { ...luSite().vsphere, ...vsphere, templates: [{ ...luSite().vsphere.templates[0], ...template }] } });

const vmsOf = (p = placement(), extra: { dhcp?: boolean } = {}) =>
  Object.values(
    resourcesOf(
      Testing.synthScope((scope) => {
        new TenantCompute(scope, 'compute', { ...p, inventory: inventoryIn(scope, p), networkId: 'pg-id', vms: tenantSpec().vms, ...extra });
      }),
      'vsphere_virtual_machine',
    ),
  );

describe('TenantCompute: the template as the catalogue records it', () => {
  it('gives every VM an explicit hardware_version of 14 or later where a vTPM is requested', () => {
    for (const vm of vmsOf()) {
      expect(vm.vtpm).toEqual({ version: '2.0' });
      expect(vm.hardware_version).toBeGreaterThanOrEqual(14);
    }
  });

  it('never sets a hardware_version below the template’s', () => {
    for (const vm of vmsOf(placement({ site: siteWith({ hardwareVersion: 21 }) }))) expect(vm.hardware_version).toBe(21);
  });

  it('waits for a guest address only where the tenant VLAN has DHCP (provider fact 8)', () => {
    for (const vm of vmsOf()) expect(vm.wait_for_guest_net_timeout).toBe(0);
    for (const vm of vmsOf(placement(), { dhcp: true })) expect(vm.wait_for_guest_net_timeout).toBe(5);
  });

  it('maps the NIC to the OVF network the catalogue records, and sends no key where it records none', () => {
    for (const vm of vmsOf()) expect(vm.network_interface).toEqual([{ network_id: 'pg-id' }]);
    const site = siteWith({ ovfNetwork: 'VM Network' });
    for (const vm of vmsOf(placement({ site }))) expect(vm.network_interface).toEqual([{ network_id: 'pg-id', ovf_mapping: 'VM Network' }]);
    const vmtx = siteWith({ ovfNetwork: 'VM Network' }, { templateType: 'vm-template' });
    for (const vm of vmsOf(placement({ site: vmtx }))) expect(vm.network_interface).toEqual([{ network_id: 'pg-id' }]);
  });
});

describe('postconditions name their rule', () => {
  it('prove the VM home and every disk on the encryption policy data source (ENC-01, ENC-02)', () => {
    for (const vm of vmsOf()) {
      const policy = /^\$\{(data\.vsphere_storage_policy\.[^.]+\.id)\}$/.exec(vm.storage_policy_id as string)![1];
      expect(byRule(vm, 'ENC-01')!.condition).toBe(`\${self.storage_policy_id == ${policy}}`);
      expect(byRule(vm, 'ENC-02')!.condition).toBe(`\${alltrue([for d in self.disk : d.storage_policy_id == ${policy}])}`);
    }
  });

  it('prove EFI with secure boot and the vTPM (ENC-03, ENC-04), beside the RES-01 precondition', () => {
    for (const vm of vmsOf()) {
      expect(byRule(vm, 'ENC-03')!.condition).toBe('${self.firmware == "efi" && self.efi_secure_boot_enabled == true}');
      expect(byRule(vm, 'ENC-04')!.condition).toBe('${length(self.vtpm) == 1}');
      expect((vm.lifecycle as { precondition: Condition[] }).precondition[0].error_message).toMatch(/^RES-01: /);
    }
  });

  it('prove the port group security flags read back false (NET-05)', () => {
    const synth = Testing.synthScope((scope) => {
      new TenantNetwork(scope, 'network', { ...placement(), inventory: inventoryIn(scope), vlan: 210 });
    });
    const [pg] = Object.values(resourcesOf(synth, 'vsphere_distributed_port_group'));
    expect(byRule(pg, 'NET-05')!.condition).toBe('${self.allow_promiscuous == false && self.allow_forged_transmits == false && self.allow_mac_changes == false}');
  });
});

describe('TenantKeys: keys that cannot be deleted, with what holds them', () => {
  const synthKeys = (classification = healthClass(), edition: 'enterprise' | 'community' = 'enterprise') =>
    Testing.synthScope((scope) => {
      const site = luSite({ vault: { ...luSite().vault, edition } });
      new TenantKeys(scope, 'keys', { ...placement({ site, classification }), keys: { rotationDays: 90, deletionAllowed: classification.keyDeletionAllowed.value }, automationCidrs: ['10.21.0.0/24'] });
    });
  const deletable = () => ({ ...healthClass(), keyDeletionAllowed: { ...healthClass().keyDeletionAllowed, value: true } });

  it('proves the transit key not exportable, no plaintext backup, not deletable (ENC-05, ENC-06)', () => {
    const [key] = Object.values(resourcesOf(synthKeys(), 'vault_transit_secret_backend_key'));
    expect(byRule(key, 'ENC-05')!.condition).toBe('${self.exportable == false && self.allow_plaintext_backup == false}');
    expect(byRule(key, 'ENC-06')!.condition).toBe('${self.deletion_allowed == false}');
    const [free] = Object.values(resourcesOf(synthKeys(deletable()), 'vault_transit_secret_backend_key'));
    expect(byRule(free, 'ENC-05')).toBeDefined();
    expect(byRule(free, 'ENC-06')).toBeUndefined();
  });

  it('puts prevent_destroy on the transit mount and the namespace where the classification bars key deletion (fact 9)', () => {
    const synth = synthKeys();
    const [ns] = Object.values(resourcesOf(synth, 'vault_namespace'));
    const transit = Object.values(resourcesOf(synth, 'vault_mount')).find((m) => m.type === 'transit')!;
    const kv = Object.values(resourcesOf(synth, 'vault_mount')).find((m) => m.type === 'kv')!;
    expect(ns.lifecycle).toEqual({ prevent_destroy: true });
    expect(transit.lifecycle).toEqual({ prevent_destroy: true });
    expect(kv).not.toHaveProperty('lifecycle');
    const ce = Object.values(resourcesOf(synthKeys(healthClass(), 'community'), 'vault_mount')).find((m) => m.type === 'transit')!;
    expect(ce.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('leaves them destroyable where the classification allows deleting keys', () => {
    const synth = synthKeys(deletable());
    expect(Object.values(resourcesOf(synth, 'vault_namespace'))[0]).not.toHaveProperty('lifecycle');
    expect(Object.values(resourcesOf(synth, 'vault_mount')).find((m) => m.type === 'transit')).not.toHaveProperty('lifecycle');
  });
});
