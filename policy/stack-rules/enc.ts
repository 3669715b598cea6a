import type { TfBlock } from '../terraform/stack-document';
import { stackFinding, type StackContext, type StackFinding, type StackRule } from './stack-rule';

const VM = 'vsphere_virtual_machine';
const vms = (ctx: StackContext) => ctx.doc.resources.filter((b) => b.type === VM);

/** Whether `value` resolves to the site's registered encryption storage policy; `unknown` when it cannot tell. */
function encryptionPolicyOf(ctx: StackContext, block: TfBlock, attribute: string, value: unknown): 'ok' | 'missing' | 'other' | 'unknown' {
  if (block.unknown.has(attribute)) return 'unknown';
  if (value === undefined || value === null || value === '') return 'missing';
  const names = ctx.refs.literals(value, 'vsphere_storage_policy');
  if (names.length === 0) return 'other';
  return names.every((n) => n === ctx.site.vsphere.encryptionPolicy) ? 'ok' : 'other';
}

export const ENC_01_STACK: StackRule = {
  id: 'ENC-01',
  title: "VM homes use the site's encryption storage policy",
  severity: 'error',
  rises: false,
  rationale: 'A VM home without the encryption policy leaves its configuration, swap and vTPM state in clear.',
  fix: "set storage_policy_id to the site's encryption storage policy, looked up by name (TenantCompute does this)",
  source: 'SecNumCloud 10.1.a; vSphere security guide (VM encryption)',
  examines: [VM, 'data.vsphere_storage_policy'],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const vm of vms(ctx)) {
      const verdict = encryptionPolicyOf(ctx, vm, 'storage_policy_id', vm.values.storage_policy_id);
      if (verdict === 'ok' || verdict === 'unknown') continue;
      out.push(
        stackFinding(this, ctx, vm, {
          attribute: 'storage_policy_id',
          found: verdict === 'missing' ? 'no storage_policy_id: the VM home is not encrypted' : 'storage_policy_id does not resolve to the site encryption policy',
          allowed: `the storage policy named "${ctx.site.vsphere.encryptionPolicy ?? '(none registered)'}" of site ${ctx.site.id}`,
        }),
      );
    }
    return out;
  },
};

export const ENC_02: StackRule = {
  id: 'ENC-02',
  title: 'Every disk uses the encryption storage policy',
  severity: 'error',
  rises: false,
  rationale: 'Encrypting the VM home encrypts VM files only; home and every disk encrypts everything. An unencrypted disk on an encrypted VM is data in clear.',
  fix: "set storage_policy_id on every disk block to the site's encryption storage policy",
  source: 'SecNumCloud 10.1.a; vSphere security guide (VM encryption)',
  examines: [VM],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const vm of vms(ctx)) {
      const disks = Array.isArray(vm.values.disk) ? (vm.values.disk as Record<string, unknown>[]) : [];
      disks.forEach((disk, i) => {
        const verdict = encryptionPolicyOf(ctx, vm, `disk.${i}.storage_policy_id`, disk.storage_policy_id);
        if (verdict === 'ok' || verdict === 'unknown') return;
        out.push(
          stackFinding(this, ctx, vm, {
            attribute: `disk.${i}.storage_policy_id`,
            found: `disk ${String(disk.label ?? i)} ${verdict === 'missing' ? 'has no storage policy' : 'uses a storage policy that is not the site encryption policy'}`,
            allowed: `every disk on "${ctx.site.vsphere.encryptionPolicy ?? '(none registered)'}"`,
          }),
        );
      });
    }
    return out;
  },
};

export const ENC_03: StackRule = {
  id: 'ENC-03',
  title: 'VMs boot with EFI and secure boot',
  severity: 'warning',
  rises: true,
  rationale: 'Secure boot keeps an unsigned boot chain from running before the guest can defend itself.',
  fix: 'set firmware = "efi" and efi_secure_boot_enabled = true',
  source: 'vSphere provider docs (virtual_machine: firmware, efi_secure_boot_enabled); vendor hardening guide',
  examines: [VM],
  check(ctx) {
    return vms(ctx).flatMap((vm) => {
      const out: StackFinding[] = [];
      if (vm.values.firmware !== 'efi' && !vm.unknown.has('firmware')) {
        out.push(stackFinding(this, ctx, vm, { attribute: 'firmware', found: `firmware is ${JSON.stringify(vm.values.firmware ?? 'bios (default)')}`, allowed: '"efi"' }));
      }
      if (vm.values.efi_secure_boot_enabled !== true && !vm.unknown.has('efi_secure_boot_enabled')) {
        out.push(stackFinding(this, ctx, vm, { attribute: 'efi_secure_boot_enabled', found: 'secure boot is off', allowed: 'efi_secure_boot_enabled = true' }));
      }
      return out;
    });
  },
};

export const ENC_04_STACK: StackRule = {
  id: 'ENC-04',
  title: 'VMs have a vTPM where the site has a key provider, and none where it has not',
  severity: 'warning',
  rises: false,
  rationale: 'vTPM state lives in the encrypted .nvram; vCenter needs a key provider to add one.',
  fix: 'add vtpm { version = "2.0" } (or register the site key provider first)',
  source: 'vSphere provider docs (virtual_machine: vtpm); vSphere security guide (Native Key Provider)',
  examines: [VM],
  check(ctx) {
    const hasProvider = Boolean(ctx.site.vsphere.keyProvider);
    return vms(ctx).flatMap((vm) => {
      const vtpm = vm.values.vtpm;
      const present = vtpm !== undefined && !(Array.isArray(vtpm) && vtpm.length === 0);
      if (hasProvider && !present) return [stackFinding(this, ctx, vm, { attribute: 'vtpm', found: 'no vTPM', allowed: 'vtpm { version = "2.0" }' })];
      if (!hasProvider && present) {
        return [{ ...stackFinding(this, ctx, vm, { attribute: 'vtpm', found: `a vTPM on site ${ctx.site.id}, which declares no key provider`, allowed: 'a vTPM only where the site has a key provider', fix: 'register the site key provider in sites.yaml or remove the vtpm block' }), severity: 'error' as const }];
      }
      return [];
    });
  },
};
