/**
 * `govcloud verify`: proves, rule by rule, what a tenant's evidence record claims, from the values vCenter and
 * Vault returned after apply (the JSON of `terraform show -json`). Pure evaluation: the caller reads the file and
 * the config. Each check carries the id of the stack rule that demands the same thing of the synthesized stack, so a
 * report of `check` before apply and one of `verify` after it speak of the same rules.
 */
import type { Classification, Site } from '../model';
import { siteAllowsPlacement } from '../tenant-rules/res';
import type { StateResource } from '../terraform/state-reader';
import { ENC_01_STACK, ENC_02, ENC_03, ENC_04_STACK, ENC_05, ENC_06_STACK } from '../stack-rules/enc';
import { NET_05 } from '../stack-rules/net/NET-05';
import { RES_01_STACK } from '../stack-rules/res/RES-01';
import { AVL_01 } from '../stack-rules/avl';
import { spreadChecks } from './verify-spread';
import type { VerifyCheck } from './verify-check';

export type { VerifyCheck };

/** The resource types and attributes read, as the pinned provider schemas name them (vsphere v2.15.0, vault v5.6.0). */
export const VM = 'vsphere_virtual_machine';
export const PORT_GROUP = 'vsphere_distributed_port_group';
export const TRANSIT_KEY = 'vault_transit_secret_backend_key';
export const PORT_GROUP_FLAGS = ['allow_promiscuous', 'allow_forged_transmits', 'allow_mac_changes'] as const;

/**
 * Every attribute `verify` reads, by resource type (`data.` for data sources, `type.block` for a nested block), as the
 * pinned schemas name them; a test holds each against the generated bindings.
 */
export const ATTRIBUTES_READ: Readonly<Record<string, readonly string[]>> = {
  [VM]: ['storage_policy_id', 'disk', 'firmware', 'efi_secure_boot_enabled', 'vtpm', 'hardware_version', 'name'],
  vsphere_compute_cluster_vm_anti_affinity_rule: ['name', 'enabled', 'virtual_machine_ids'],
  [`${VM}.disk`]: ['storage_policy_id'],
  [PORT_GROUP]: PORT_GROUP_FLAGS,
  [TRANSIT_KEY]: ['exportable', 'allow_plaintext_backup', 'deletion_allowed'],
  vault_audit: ['path', 'type', 'options'],
  vsphere_tag_category: ['name'],
  'data.vsphere_storage_policy': ['id', 'name'],
  'data.vsphere_datacenter': ['id', 'name'],
  'data.vsphere_compute_cluster': ['datacenter_id'],
  'data.vsphere_datastore': ['datacenter_id'],
  'data.vsphere_distributed_virtual_switch': ['datacenter_id'],
};

/** A rule `verify` proves, with its title and its checks. */
export interface VerifiedRule {
  readonly id: string;
  readonly title: string;
  readonly checks: readonly VerifyCheck[];
}

/** What `verify` found: each rule with its checks, and what it deliberately left out. */
export interface VerifyReport {
  readonly tenant: string;
  readonly site: string;
  readonly classification: string;
  readonly stateFile: string;
  readonly rules: readonly VerifiedRule[];
  /** Claims not checked against this state, and why. */
  readonly notChecked: readonly string[];
}

/** What `verify` judges a state against: the tenant as config declares it. */
export interface VerifyInput {
  readonly tenant: string;
  readonly site: Site;
  readonly classification: Classification;
  /** Every registered site, to place a datacenter name (RES-01). */
  readonly catalogue: readonly Site[];
  readonly stateFile: string;
  /**
   * VM groups the tenant file opts out of spread (`spread: { disabled: true }`), by group name: AVL-01 skips them.
   * @default - none
   */
  readonly spreadOptOuts?: ReadonlySet<string>;
}

const show = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));

/** A nested block of the state: Terraform records blocks as lists, and a provider may record one as an object. */
function blocks(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x));
  return typeof v === 'object' && v !== null ? [v as Record<string, unknown>] : [];
}

/**
 * The tenants a state belongs to, read from its tenant tag categories (`<tenant>-tenant`, made by TenantTags for
 * every tenant stack): one name for a tenant's state, none for a state govcloud did not make.
 */
export function tenantsOfState(resources: readonly StateResource[]): string[] {
  const names = resources
    .filter((r) => r.mode === 'managed' && r.type === 'vsphere_tag_category' && typeof r.values.name === 'string' && r.values.name.endsWith('-tenant'))
    .map((r) => (r.values.name as string).slice(0, -'-tenant'.length));
  return [...new Set(names)].sort();
}

/** Judges `resources` against the claims of the evidence record of `input.tenant`. */
export function verifyState(input: VerifyInput, resources: readonly StateResource[]): VerifyReport {
  const managed = (type: string) => resources.filter((r) => r.mode === 'managed' && r.type === type);
  const data = (type: string) => resources.filter((r) => r.mode === 'data' && r.type === type);
  const check = (rule: string, r: StateResource, attribute: string, value: unknown, ok: (v: unknown) => boolean, expected: string): VerifyCheck => ({
    rule,
    address: r.address,
    attribute,
    holds: ok(value),
    found: show(value),
    expected,
  });

  // ENC-01, ENC-02: the id of the site's encryption storage policy, as vCenter returned it to the data source.
  const policyName = input.site.vsphere.encryptionPolicy;
  const policies = data('vsphere_storage_policy').filter((p) => p.values.name === policyName && typeof p.values.id === 'string' && p.values.id !== '');
  const policyIds = new Set(policies.map((p) => p.values.id as string));
  const policyExpected =
    policyIds.size > 0
      ? `${[...policyIds].map((id) => JSON.stringify(id)).join(' or ')}, the id of storage policy "${policyName}"`
      : `the id of storage policy "${policyName ?? '(none registered for the site)'}", which the state does not hold (no data.vsphere_storage_policy of that name)`;
  const isPolicy = (v: unknown) => typeof v === 'string' && policyIds.has(v);

  const vms = managed(VM);
  const enc01 = vms.map((vm) => check(ENC_01_STACK.id, vm, 'storage_policy_id', vm.values.storage_policy_id, isPolicy, policyExpected));
  const enc02 = vms.flatMap((vm) => {
    const disks = blocks(vm.values.disk);
    if (disks.length === 0) return [check(ENC_02.id, vm, 'disk', vm.values.disk, () => false, 'at least one disk, each on the encryption policy')];
    return disks.map((disk, i) => check(ENC_02.id, vm, `disk.${i}.storage_policy_id`, disk.storage_policy_id, isPolicy, policyExpected));
  });
  const enc03 = vms.flatMap((vm) => [
    check(ENC_03.id, vm, 'firmware', vm.values.firmware, (v) => v === 'efi', '"efi"'),
    check(ENC_03.id, vm, 'efi_secure_boot_enabled', vm.values.efi_secure_boot_enabled, (v) => v === true, 'true'),
  ]);
  // As the stack rule: a vTPM where the site has a key provider (vCenter needs one to add it), none where it has not.
  const keyProvider = input.site.vsphere.keyProvider;
  // The provider reads hardware_version back from the VM's config (docs/provider-facts.md V11): a vTPM needs 14 or later.
  const enc04 = vms.flatMap((vm) =>
    keyProvider
      ? [
          check(ENC_04_STACK.id, vm, 'vtpm', vm.values.vtpm, (v) => blocks(v).length === 1, `one vtpm block (a vTPM, backed by key provider "${keyProvider}")`),
          check(ENC_04_STACK.id, vm, 'hardware_version', vm.values.hardware_version, (v) => typeof v === 'number' && v >= 14, '14 or later (a vTPM needs it)'),
        ]
      : [check(ENC_04_STACK.id, vm, 'vtpm', vm.values.vtpm, (v) => blocks(v).length === 0, `no vtpm block: site ${input.site.id} declares no key provider`)],
  );

  const net05 = managed(PORT_GROUP).flatMap((pg) => PORT_GROUP_FLAGS.map((f) => check(NET_05.id, pg, f, pg.values[f], (v) => v === false, 'false')));

  const keys = managed(TRANSIT_KEY);
  const enc05 = keys.flatMap((k) => ['exportable', 'allow_plaintext_backup'].map((a) => check(ENC_05.id, k, a, k.values[a], (v) => v === false, 'false')));
  const barsDeletion = !input.classification.keyDeletionAllowed.value;
  const enc06 = barsDeletion
    ? keys.map((k) => check(ENC_06_STACK.id, k, 'deletion_allowed', k.values.deletion_allowed, (v) => v === false, `false (classification ${input.classification.id} bars key deletion)`))
    : [];

  const res01 = datacenterChecks(input, data('vsphere_datacenter'), resources);

  const notChecked = [
    'KEY-02, KEY-03 (audit devices): not checked in a tenant state; audit devices are cluster-wide and belong to the site stack (stacks/site-<id>), verify them there',
  ];
  const audits = managed('vault_audit').length;
  if (audits) notChecked.push(`the state holds ${audits} vault_audit resource${audits === 1 ? '' : 's'}, left unjudged: no tenant stack should enable an audit device`);
  if (!barsDeletion) notChecked.push(`ENC-06 (deletion_allowed): classification ${input.classification.id} allows key deletion`);
  if (vms.length === 0) notChecked.push(`ENC-01 to ENC-04: the state holds no ${VM}`);
  if (keys.length === 0) notChecked.push(`ENC-05, ENC-06: the state holds no ${TRANSIT_KEY}`);

  const rule = (r: { id: string; title: string }, checks: VerifyCheck[]): VerifiedRule => ({ id: r.id, title: r.title, checks });
  return {
    tenant: input.tenant,
    site: input.site.id,
    classification: input.classification.id,
    stateFile: input.stateFile,
    rules: [
      rule(RES_01_STACK, res01),
      rule(ENC_01_STACK, enc01),
      rule(ENC_02, enc02),
      rule(ENC_03, enc03),
      rule(ENC_04_STACK, enc04),
      rule(ENC_05, enc05),
      rule(ENC_06_STACK, enc06),
      rule(NET_05, net05),
      rule(AVL_01, spreadChecks(input.tenant, resources, input.spreadOptOuts)),
    ],
    notChecked,
  };
}

/** Data sources of the inventory whose `datacenter_id` places them (and what is built on them) in a datacenter. */
const PLACED_BY_DATACENTER = ['vsphere_compute_cluster', 'vsphere_datastore', 'vsphere_distributed_virtual_switch'];

/**
 * RES-01: every datacenter the state looked up is one of a registered site the classification allows, and the
 * cluster, datastore and switch the tenant's objects stand on are in such a datacenter (by the ids vCenter gave).
 */
function datacenterChecks(input: VerifyInput, datacenters: readonly StateResource[], resources: readonly StateResource[]): VerifyCheck[] {
  const allowed = input.catalogue.filter((s) => siteAllowsPlacement(s, input.classification));
  const expected = `a datacenter of a site allowed for ${input.classification.id}: ${allowed.map((s) => `${s.vsphere.datacenter} (${s.id})`).join(', ') || 'none registered'}`;
  const allowedNames = new Set(allowed.map((s) => s.vsphere.datacenter));
  const out: VerifyCheck[] = [];
  if (datacenters.length === 0) {
    out.push({ rule: RES_01_STACK.id, address: 'data.vsphere_datacenter', attribute: 'name', holds: false, found: 'absent: the state looked up no datacenter', expected });
  }
  const allowedIds = new Set<string>();
  for (const dc of datacenters) {
    const holds = typeof dc.values.name === 'string' && allowedNames.has(dc.values.name);
    if (holds && typeof dc.values.id === 'string') allowedIds.add(dc.values.id);
    out.push({ rule: RES_01_STACK.id, address: dc.address, attribute: 'name', holds, found: show(dc.values.name), expected });
  }
  for (const r of resources.filter((x) => x.mode === 'data' && PLACED_BY_DATACENTER.includes(x.type))) {
    const id = r.values.datacenter_id;
    out.push({
      rule: RES_01_STACK.id,
      address: r.address,
      attribute: 'datacenter_id',
      holds: typeof id === 'string' && allowedIds.has(id),
      found: show(id),
      expected: `the id of an allowed datacenter the state looked up (${[...allowedIds].map((i) => JSON.stringify(i)).join(', ') || 'none'})`,
    });
  }
  return out;
}

/** The checks that failed, in report order. */
export function failedChecks(report: VerifyReport): VerifyCheck[] {
  return report.rules.flatMap((r) => r.checks.filter((c) => !c.holds));
}
