import type { Postcondition as TerraformCondition } from 'cdktf';

/**
 * Postconditions: what Terraform checks against the values the provider read back after every apply, so a claim
 * of the evidence record is proven by vCenter's or Vault's answer, not by what the stack asked for. Each message
 * starts with the rule id, as the RES-01 preconditions do, so a failed apply names the rule it broke.
 */

/** A postcondition on `expression` (HCL over `self`, without `${}`), its message led by `ruleId`. */
function postcondition(ruleId: string, expression: string, message: string): TerraformCondition {
  return { condition: `\${${expression}}`, errorMessage: `${ruleId}: ${message}` };
}

/** The security options of a port group that let a VM see or forge other traffic. */
const PORT_GROUP_FLAGS = ['allow_promiscuous', 'allow_forged_transmits', 'allow_mac_changes'];

/**
 * The port group's security flags as vCenter holds them are all false. The provider (v2.15.0) reads `false` with
 * `d.GetOk`, which reports it as unset, and leaves the whole security policy out of the request when all three are
 * unset (vsphere/internal/helper/structure/structure_helper.go GetBoolPolicy, ~l.305;
 * vsphere/distributed_virtual_port_setting_structure.go expandDVSSecurityPolicy, ~l.440): the port group inherits
 * the switch's defaults. It does read the effective values back, so this proves what the switch really applies.
 */
export function portGroupPostconditions(portGroup: string): TerraformCondition[] {
  return [
    postcondition(
      'NET-05',
      PORT_GROUP_FLAGS.map((f) => `self.${f} == false`).join(' && '),
      `port group ${portGroup} allows promiscuous mode, forged transmits or MAC changes as vCenter holds it: the provider does not send false, so the port group inherits the distributed switch's defaults; set the switch's defaults to reject all three (vSphere Client: distributed switch > Settings > Security) and apply again`,
    ),
  ];
}

/** What a VM must read back after apply: its encryption, its boot chain, its vTPM. */
export interface VmPostconditionProps {
  /** The VM's name, for the messages. */
  readonly vm: string;
  /** HCL reference (no `${}`) to the id of the site's encryption storage policy, e.g. `data.vsphere_storage_policy.x.id`. */
  readonly encryptionPolicyRef?: string;
  /** The encryption policy's name, for the messages. */
  readonly encryptionPolicy?: string;
  /** Whether the VM boots with EFI and secure boot (its template's firmware is efi). */
  readonly efi: boolean;
  /** Whether the VM was given a vTPM. */
  readonly vtpm: boolean;
}

/**
 * A VM's home and every disk on the encryption storage policy (ENC-01, ENC-02: the provider reads `storage_policy_id`
 * of the home and of each disk back from vCenter), EFI firmware with secure boot (ENC-03: read back from the VM's
 * config), and its vTPM (ENC-04). The provider does not read a vTPM back (the resource's Read never sets `vtpm`;
 * vsphere/internal/virtualdevice/virtual_machine_device_subresource.go VtpmApplyOperation, ~l.1156, only reads the
 * configuration), so that one proves the stack asked for it; its presence in vCenter is `govcloud verify`'s to prove.
 */
export function vmPostconditions(p: VmPostconditionProps): TerraformCondition[] {
  const out: TerraformCondition[] = [];
  if (p.encryptionPolicyRef) {
    const policy = `the encryption storage policy "${p.encryptionPolicy}"`;
    out.push(
      postcondition('ENC-01', `self.storage_policy_id == ${p.encryptionPolicyRef}`, `the home of VM ${p.vm} is not on ${policy} as vCenter holds it: its configuration, swap and vTPM state are in clear; check the policy in vCenter`),
      postcondition(
        'ENC-02',
        `alltrue([for d in self.disk : d.storage_policy_id == ${p.encryptionPolicyRef}])`,
        `a disk of VM ${p.vm} is not on ${policy} as vCenter holds it: its data is in clear; check the policy in vCenter`,
      ),
    );
  }
  if (p.efi) {
    out.push(postcondition('ENC-03', 'self.firmware == "efi" && self.efi_secure_boot_enabled == true', `VM ${p.vm} does not boot with EFI firmware and secure boot as vCenter holds it`));
  }
  if (p.vtpm) {
    out.push(postcondition('ENC-04', 'length(self.vtpm) == 1', `VM ${p.vm} has no vTPM: its keys cannot be sealed to it`));
  }
  return out;
}

/** What the tenant's transit key must read back after apply. */
export interface TransitKeyPostconditionProps {
  /** The key's name, for the messages. */
  readonly key: string;
  /** Whether the classification bars deleting the key. */
  readonly deletionBarred: boolean;
}

/**
 * The transit key as Vault reads it back: never exportable, never backed up in plaintext (ENC-05), and not deletable
 * where the classification bars it (ENC-06). Vault can never turn the first two off again once on.
 */
export function transitKeyPostconditions(p: TransitKeyPostconditionProps): TerraformCondition[] {
  const out = [
    postcondition('ENC-05', 'self.exportable == false && self.allow_plaintext_backup == false', `transit key ${p.key} is exportable or allows plaintext backup as Vault holds it: its material can leave Vault, irreversibly; replace the key and re-encrypt its data`),
  ];
  if (p.deletionBarred) {
    out.push(postcondition('ENC-06', 'self.deletion_allowed == false', `transit key ${p.key} is deletable as Vault holds it, and its classification bars deleting it; set deletion_allowed = false`));
  }
  return out;
}
