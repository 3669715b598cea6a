/**
 * Encryption rules (ENC) over synthesized Terraform and plans: VM homes and disks on the site's encryption storage
 * policy (ENC-01, ENC-02), the boot chain (ENC-03, ENC-04), and transit and KMIP keys (ENC-05 to ENC-08).
 */
import type { TfBlock } from '../terraform/stack-document';
import { isTrue, KMIP_BACKEND, KMIP_ROLE, nameOf, ofType, TRANSIT_KEY } from './block-values';
import { stackFinding, type StackContext, type StackRule } from './stack-rule';
import type { StackFinding } from '../finding';
import { formatSources } from '../source';
import { VTPM_MIN_HARDWARE_VERSION } from '../model';
import { law, standard, toolkitChoice } from '../source';

const VM = 'vsphere_virtual_machine';
const MOUNT = 'vault_mount';
const NAMESPACE = 'vault_namespace';
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
  sources: [standard('SecNumCloud 3.2, 10.1.a'), standard('vSphere security guide (VM encryption)')],
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
  sources: [standard('SecNumCloud 3.2, 10.1.a'), standard('vSphere security guide (VM encryption)')],
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
  sources: [standard('vSphere provider docs (virtual_machine: firmware, efi_secure_boot_enabled)'), standard('vSphere Security Configuration and Hardening Guide (virtual machines: UEFI secure boot)')],
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
  title: 'VMs have a vTPM where the site has a key provider, and none where it has not; a VM with a vTPM states hardware version 14 or later',
  severity: 'warning',
  rises: false,
  rationale:
    'vTPM state lives in the encrypted .nvram; vCenter needs a key provider to add one, and virtual hardware version 14 or later. ' +
    'Without hardware_version the VM keeps its template\'s version, and one below 14 fails the vTPM add at apply.',
  fix: 'add vtpm { version = "2.0" } (or register the site key provider first), and hardware_version = 14 or later, never below the template\'s (sites.yaml templates[].hardwareVersion)',
  sources: [standard('vSphere provider docs (virtual_machine: vtpm, hardware_version)'), standard('vSphere security guide (Native Key Provider)')],
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
      const version = Number(vm.values.hardware_version);
      // In a plan an unset hardware_version is computed (known after apply, or the VM's own read back): only a stated one is judged.
      const stated = vm.values.hardware_version !== undefined || ctx.doc.origin.kind === 'synth';
      if (present && stated && !vm.unknown.has('hardware_version') && !(version >= VTPM_MIN_HARDWARE_VERSION)) {
        const found = vm.values.hardware_version === undefined ? 'a vTPM without hardware_version: the VM keeps its template\'s version' : `a vTPM on hardware version ${JSON.stringify(vm.values.hardware_version)}`;
        return [{ ...stackFinding(this, ctx, vm, { attribute: 'hardware_version', found, allowed: `hardware_version = ${VTPM_MIN_HARDWARE_VERSION} or later` }), severity: 'error' as const }];
      }
      return [];
    });
  },
};

export const ENC_05: StackRule = {
  id: 'ENC-05',
  title: 'Transit keys are never exportable nor backed up in plaintext',
  severity: 'error',
  rises: false,
  rationale: 'exportable and allow_plaintext_backup let the key material leave Vault, and once set Vault can never turn them off again.',
  fix: 'set exportable = false and allow_plaintext_backup = false; a key that already allowed either must be replaced by a new key and its data re-encrypted',
  sources: [standard('SecNumCloud 3.2, 10.5.c'), standard('Vault provider docs (transit_secret_backend_key)')],
  examines: [TRANSIT_KEY],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const key of ofType(ctx, TRANSIT_KEY)) {
      for (const attribute of ['exportable', 'allow_plaintext_backup']) {
        if (key.unknown.has(attribute) || !isTrue(key.values[attribute])) continue;
        out.push(
          stackFinding(this, ctx, key, {
            attribute,
            found: `${attribute} is true on transit key ${nameOf(key)}: the key material can leave Vault, irreversibly`,
            allowed: `${attribute} = false (the default)`,
          }),
        );
      }
    }
    return out;
  },
};

export const ENC_06_STACK: StackRule = {
  id: 'ENC-06',
  title: 'Transit keys of protected data cannot be deleted',
  severity: 'warning',
  rises: true,
  rationale: 'Deleting a transit key erases every ciphertext it protects (crypto-erasure); where the classification forbids it, that follows a formal process, not a Terraform change. Destroying the transit mount or the namespace deletes its keys too.',
  fix: 'set deletion_allowed = false (keys.deletionAllowed: false in the tenant file) and prevent_destroy on the transit mount and the namespace (TenantKeys does both); retire a key through the documented crypto-erasure process',
  sources: [
    standard('SecNumCloud 3.2, 19.4.a, 11.9.a (secure erasure at the end of the contract, after formal notice; deleting the key is an accepted way to erase)'),
    law('GDPR art. 32(1)(b)–(c) (availability and resilience; access to data restored in time)'),
    toolkitChoice('keys of protected data are not deletable from Terraform: a key is retired through the documented crypto-erasure process only'),
  ],
  examines: [TRANSIT_KEY, MOUNT, NAMESPACE],
  check(ctx) {
    const c = ctx.classification;
    if (c.keyDeletionAllowed.value) return [];
    const why = `classification ${c.id} forbids deletable keys (${formatSources(c.keyDeletionAllowed.source)})`;
    const keys = ofType(ctx, TRANSIT_KEY)
      .filter((key) => !key.unknown.has('deletion_allowed') && isTrue(key.values.deletion_allowed))
      .map((key) =>
        stackFinding(this, ctx, key, {
          attribute: 'deletion_allowed',
          found: `deletion_allowed is true on transit key ${nameOf(key)}`,
          allowed: `deletion_allowed = false: ${why}`,
        }),
      );
    // Unmounting the transit engine or deleting the namespace destroys the keys whatever deletion_allowed says.
    // A plan does not record lifecycle arguments, so only synthesized stacks are judged here.
    if (ctx.doc.origin.kind !== 'synth') return keys;
    const holders = ofType(ctx, MOUNT, NAMESPACE).filter((b) => (b.type === NAMESPACE || b.values.type === 'transit') && !isTrue((b.values.lifecycle as Record<string, unknown> | undefined)?.prevent_destroy));
    return [
      ...keys,
      ...holders.map((b) =>
        stackFinding(this, ctx, b, {
          attribute: 'lifecycle.prevent_destroy',
          found: `${b.type === NAMESPACE ? 'namespace' : 'transit mount'} ${nameOf(b)} can be destroyed, and its keys with it`,
          allowed: `lifecycle { prevent_destroy = true }: ${why}`,
        }),
      ),
    ];
  },
};

export const ENC_07_STACK: StackRule = {
  id: 'ENC-07',
  title: 'Transit keys rotate automatically',
  severity: 'warning',
  rises: false,
  rationale: 'A key that never rotates protects ever more data with one secret.',
  fix: 'set auto_rotate_period in seconds (keys.rotationDays in the tenant file), e.g. 7776000 for 90 days',
  sources: [standard('SecNumCloud 3.2, 10.5.a (ANSSI key management)')],
  examines: [TRANSIT_KEY],
  check(ctx) {
    return ofType(ctx, TRANSIT_KEY).flatMap((key) => {
      const period = key.values.auto_rotate_period;
      if (key.unknown.has('auto_rotate_period')) return [];
      const rotates = (typeof period === 'number' && period > 0) || (typeof period === 'string' && period !== '' && period !== '0' && !/^0+[a-z]*$/.test(period));
      if (rotates) return [];
      return [
        stackFinding(this, ctx, key, {
          attribute: 'auto_rotate_period',
          found: `transit key ${nameOf(key)} ${period === undefined ? 'has no auto_rotate_period' : `has auto_rotate_period ${JSON.stringify(period)}`}: it never rotates`,
          allowed: 'a rotation period above 0 (Vault accepts one hour or more)',
        }),
      ];
    });
  },
};

export const ENC_08: StackRule = {
  id: 'ENC-08',
  title: 'KMIP roles grant named operations only, and the KMIP listener requires TLS 1.2 or later',
  severity: 'warning',
  rises: false,
  rationale: 'operation_all lets a KMIP client (vCenter) destroy or re-key any object in its scope; TLS below 1.2 is deprecated.',
  fix: 'list the operations vCenter needs (operation_activate, operation_create, operation_get, operation_locate, ...) instead of operation_all; set tls_min_version = "tls12" or "tls13"',
  sources: [standard('Vault KMIP secrets engine docs'), standard('SecNumCloud 3.2, 10.2.c')],
  examines: [KMIP_ROLE, KMIP_BACKEND],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const role of ofType(ctx, KMIP_ROLE)) {
      if (role.unknown.has('operation_all') || !isTrue(role.values.operation_all)) continue;
      out.push(stackFinding(this, ctx, role, { attribute: 'operation_all', found: `KMIP role ${JSON.stringify(role.values.role ?? role.name)} sets operation_all = true`, allowed: 'the named operations the client needs' }));
    }
    for (const backend of ofType(ctx, KMIP_BACKEND)) {
      const v = backend.values.tls_min_version;
      if (backend.unknown.has('tls_min_version') || typeof v !== 'string' || !/^tls1[01]$/i.test(v)) continue;
      out.push(stackFinding(this, ctx, backend, { attribute: 'tls_min_version', found: `KMIP listener accepts ${v}`, allowed: 'tls12 (the default) or tls13' }));
    }
    return out;
  },
};
