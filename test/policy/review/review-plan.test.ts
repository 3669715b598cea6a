import * as fs from 'fs';
import * as path from 'path';
import { renderReview } from '../../../policy/report/review-formats';
import { KNOWN_AFTER_APPLY, mergeReviews, reviewPlan, type PlannedChange, type PlanReview } from '../../../policy/review';
import { fromPlanJson } from '../../../policy/terraform/plan-reader';
import { UnreadableInputError } from '../../../policy/terraform/synth-reader';
import { checkStacks } from '../../../check/check-stacks';
import { loadConfig } from '../../../loader/load-config';

/**
 * The fixture is `test/fixtures/plans/dsp-ng-vsphere-vault.plan.json` (a first apply of dsp-ng, in the layout of
 * Terraform 1.11.4) turned into the plan that follows it: every object of the first apply is in `prior_state` with
 * the values the apply gave it, and is a no-op, except two. VM app-01 goes from `firmware = "efi"` with secure boot
 * to `"bios"` without (an update, in place), and the transit key's block was removed from the configuration (a
 * delete, `delete_because_no_resource_config`). Its `variables` still carry the placeholder vCenter credentials.
 */
const FILE = 'test/fixtures/review/dsp-ng-firmware-key-delete.plan.json';
const fixture = (): any => JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/review/dsp-ng-firmware-key-delete.plan.json'), 'utf8'));

const APP_01 = 'vsphere_virtual_machine.tenant_compute_dsp-ng-app-01_73A68CFD';
const KEY = 'vault_transit_secret_backend_key.tenant_keys_data-key_6FDA5199';

const labelsOf = (c: PlannedChange) => c.risks.map((r) => r.label);
const renderings = (review: PlanReview) => (['text', 'markdown', 'json'] as const).map((f) => renderReview(review, f));

describe('reviewPlan on the dsp-ng plan that downgrades a VM firmware and deletes the transit key', () => {
  const json = fixture();
  const findings = checkStacks(loadConfig('config'), [fromPlanJson(json, FILE, 'dsp-ng')], { today: '2025-06-02' }).stacks.flatMap((s) => s.findings);
  const review = reviewPlan(json, FILE, { tenant: 'dsp-ng', findings });
  const tenant = review.tenants[0];

  it('counts one update and one delete, and leaves out the fourteen no-ops', () => {
    expect(json.resource_changes).toHaveLength(16);
    expect(tenant).toMatchObject({ tenant: 'dsp-ng', file: FILE, terraformVersion: '1.11.4' });
    expect(tenant.counts).toEqual({ create: 0, update: 1, replace: 0, delete: 1, read: 0, forget: 0 });
    expect(tenant.changes.map((c) => [c.action, c.address])).toEqual([
      ['update', APP_01],
      ['delete', KEY],
    ]);
  });

  it('labels the firmware downgrade security and the deleted transit key destructive, saying what is lost', () => {
    const [vm, key] = tenant.changes;
    expect(labelsOf(vm)).toEqual(['security']);
    expect(vm.risks[0]).toMatchObject({ rule: 'security/boot-integrity', reason: expect.stringContaining('efi_secure_boot_enabled, firmware') });
    expect(labelsOf(key)).toEqual(['destructive']);
    expect(key.risks[0]).toMatchObject({ rule: 'destructive/key-material', reason: expect.stringContaining('can no longer be decrypted') });
    expect(review.labels).toEqual(['security', 'destructive']);
    expect(tenant.labels).toEqual(['security', 'destructive']);
  });

  it('shows the update attribute by attribute, and why the key is deleted', () => {
    const [vm, key] = tenant.changes;
    expect(vm.attributes).toEqual([
      { path: 'efi_secure_boot_enabled', before: true, after: false },
      { path: 'firmware', before: 'efi', after: 'bios' },
    ]);
    expect(key).toMatchObject({ reason: 'delete_because_no_resource_config', attributes: [] });
    const text = renderReview(review, 'text');
    expect(text).toContain('firmware: "efi" -> "bios"');
    expect(text).toContain(`- delete ${KEY} [destructive]\n      because it is no longer in the configuration`);
  });

  it('carries the policy findings of the same plan into every rendering', () => {
    // The plan was made when tenant stacks still enabled their own audit devices, which KEY-02 now refuses there.
    expect(findings.map((f) => `${f.ruleId} ${f.attribute}`)).toEqual(['ENC-03 firmware', 'ENC-03 efi_secure_boot_enabled', 'KEY-02 undefined', 'KEY-02 undefined']);
    expect(tenant.findings).toHaveLength(4);
    for (const out of renderings(review)) {
      expect(out).toContain('ENC-03');
      expect(out).toContain('KEY-02');
      expect(out).toMatch(/firmware is \\?"bios\\?"/);
    }
  });

  it('never prints the vCenter credentials that the plan carries in clear in its variables', () => {
    const raw = JSON.stringify(json);
    expect(raw).toContain('fixture-password-not-real');
    expect(raw).toContain('svc-terraform@vsphere.local');
    for (const out of renderings(review)) {
      expect(out).not.toContain('fixture-password-not-real');
      expect(out).not.toContain('svc-terraform@vsphere.local');
    }
  });

  it('takes an injected classifier in place of the default table', () => {
    const classified = reviewPlan(json, FILE, {
      tenant: 'dsp-ng',
      classify: (c) => (c.type === 'vsphere_virtual_machine' ? [{ label: 'residency', reason: 'diff engine says so', rule: 'residency/test' }] : []),
    });
    expect(classified.labels).toEqual(['residency']);
    expect(classified.tenants[0].changes.map((c) => [c.address, labelsOf(c)])).toEqual([
      [APP_01, ['residency']],
      [KEY, []],
    ]);
  });
});

describe('reviewPlan on plans built by hand', () => {
  const plan = (resourceChanges: unknown[]) => ({ format_version: '1.2', planned_values: { root_module: {} }, resource_changes: resourceChanges });
  const rc = (address: string, change: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    address,
    mode: address.startsWith('data.') ? 'data' : 'managed',
    type: address.replace(/^data\./, '').split('.')[0],
    change: { after_unknown: {}, before_sensitive: false, after_sensitive: false, ...change },
    ...extra,
  });

  it('counts delete-then-create and create-then-delete as replaces, a deferred data source read as a read, and a forget', () => {
    const review = reviewPlan(
      plan([
        rc('vault_mount.m', { actions: ['create', 'delete'], before: { path: 'transit' }, after: { path: 'transit' } }, { action_reason: 'replace_by_request' }),
        rc('vsphere_folder.f', { actions: ['delete', 'create'], before: { path: 'a' }, after: { path: 'b' }, replace_paths: [['path']] }, { action_reason: 'replace_because_cannot_update' }),
        rc('data.vsphere_datacenter.dc', { actions: ['read'], before: null, after: { name: 'GOVCLOUD-LU-1' }, after_unknown: { id: true } }, { action_reason: 'read_because_config_unknown' }),
        rc('vsphere_tag.t', { actions: ['forget'], before: { name: 'x' }, after: null }),
        rc('vsphere_tag.same', { actions: ['no-op'], before: { name: 'x' }, after: { name: 'x' } }),
      ]),
      'hand.plan.json',
    );
    const t = review.tenants[0];
    expect(t.tenant).toBe('hand.plan.json');
    expect(t.counts).toEqual({ create: 0, update: 0, replace: 2, delete: 0, read: 1, forget: 1 });
    const mount = t.changes.find((c) => c.address === 'vault_mount.m')!;
    expect(mount).toMatchObject({ action: 'replace', actions: ['create', 'delete'], reason: 'replace_by_request' });
    expect(mount.risks[0]).toMatchObject({ label: 'destructive', rule: 'destructive/key-material' });
    const folder = t.changes.find((c) => c.address === 'vsphere_folder.f')!;
    expect(folder).toMatchObject({ replacePaths: ['path'], attributes: [{ path: 'path', before: 'a', after: 'b', forcesReplacement: true }] });
    expect(t.changes.find((c) => c.mode === 'data')).toMatchObject({ action: 'read', risks: [] });
    expect(renderReview(review, 'text')).toContain('+/- replace vault_mount.m [destructive]\n      because replacement was requested (-replace)');
    expect(renderReview(review, 'text')).toContain('-/+ replace vsphere_folder.f [destructive]\n      because an attribute that cannot be updated in place changes; forced by path');
  });

  it('shows (known after apply) down to a nested block, and labels a storage policy or endpoint change', () => {
    const review = reviewPlan(
      plan([
        rc('vsphere_virtual_machine.vm', {
          actions: ['update'],
          before: { disk: [{ label: 'disk0', storage_policy_id: 'p-old', uuid: 'u-1' }], vsphere_server: 'vc.lu' },
          after: { disk: [{ label: 'disk0', storage_policy_id: 'p-new' }], vsphere_server: 'vc.de' },
          after_unknown: { disk: [{ uuid: true }] },
        }),
        rc('vault_audit.socket', { actions: ['update'], before: { options: { address: 'siem.lu:6514' } }, after: { options: { address: 'siem.example.com:6514' } } }),
      ]),
      'hand.plan.json',
    );
    const [vm, audit] = review.tenants[0].changes;
    expect(vm.attributes).toEqual([
      { path: 'disk.0.storage_policy_id', before: 'p-old', after: 'p-new' },
      { path: 'disk.0.uuid', before: 'u-1', after: KNOWN_AFTER_APPLY, unknown: true },
      { path: 'vsphere_server', before: 'vc.lu', after: 'vc.de' },
    ]);
    expect(labelsOf(vm)).toEqual(['residency', 'security']);
    expect(audit).toMatchObject({ address: 'vault_audit.socket', risks: [{ label: 'egress', rule: 'egress/audit-collector' }] });
  });

  it('merges the reviews of several tenants, with the labels of all', () => {
    const a = reviewPlan(plan([rc('vsphere_folder.f', { actions: ['delete'], before: { path: 'a' }, after: null })]), 'a.json', { tenant: 'a' });
    const b = reviewPlan(plan([rc('vsphere_virtual_machine.v', { actions: ['update'], before: { firmware: 'efi' }, after: { firmware: 'bios' } })]), 'b.json', { tenant: 'b' });
    const merged = mergeReviews([a, b]);
    expect(merged.tenants.map((t) => t.tenant)).toEqual(['a', 'b']);
    expect(merged.labels).toEqual(['security', 'destructive']);
  });

  it.each([
    ['an array', [], 'not a JSON object'],
    ['a synthesized cdk.tf.json', { resource: { vsphere_folder: { f: { path: 'hunter2-literal' } } } }, 'no format_version 1.x'],
    ['a state', { format_version: '1.0', values: { root_module: {} } }, 'has no planned_values'],
    ['a plan whose resource_changes is not a list', { format_version: '1.2', planned_values: {}, resource_changes: { password: 'hunter2-literal' } }, 'resource_changes is not a list'],
  ])('refuses %s, naming the file and never a value', (_what, json, message) => {
    let error: unknown;
    try {
      reviewPlan(json, 'plans/bad.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnreadableInputError);
    expect((error as Error).message).toContain(`plans/bad.json: `);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
