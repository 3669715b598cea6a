import { ENC_01_STACK, ENC_02, ENC_03, ENC_04_STACK, ENC_05, ENC_06_STACK, ENC_07_STACK, ENC_08 } from '../../../policy/stack-rules/enc';
import { examples, exampleStack, family, only, resourceIn, run } from './stack-fixtures';

describe('ENC rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find nothing wrong in the %s example', (tenant) => {
    const ctx = exampleStack(tenant).context();
    expect(family('ENC').flatMap((rule) => rule.check(ctx))).toEqual([]);
  });
});

describe('ENC-01 and ENC-02 encryption storage policy', () => {
  it('fires on a VM home without a storage policy', () => {
    const { json } = exampleStack();
    delete resourceIn(json, 'vsphere_virtual_machine', 'dsp-ng-db-01').storage_policy_id;
    const [f] = run(ENC_01_STACK, json);
    expect(f.attribute).toBe('storage_policy_id');
    expect(f.constructPath).toBe('dsp-ng/tenant/compute/dsp-ng-db-01');
  });
  it('fires on a policy that is not the site encryption policy', () => {
    const { json } = exampleStack();
    json.data.vsphere_storage_policy.plain = { name: 'vSAN Default Storage Policy' };
    resourceIn(json, 'vsphere_virtual_machine', 'dsp-ng-db-01').disk[2].storage_policy_id = '${data.vsphere_storage_policy.plain.id}';
    const [f] = run(ENC_02, json);
    expect(f).toMatchObject({ attribute: 'disk.2.storage_policy_id', ruleId: 'ENC-02' });
  });
  it('stays quiet when home and every disk use the policy', () => {
    const { json } = exampleStack();
    expect([...run(ENC_01_STACK, json), ...run(ENC_02, json)]).toEqual([]);
  });
});

describe('ENC-03 secure boot', () => {
  it('is an error for health data', () => {
    const { json } = exampleStack();
    resourceIn(json, 'vsphere_virtual_machine').firmware = 'bios';
    expect(run(ENC_03, json)[0]).toMatchObject({ attribute: 'firmware', severity: 'error' });
  });
  it('is a warning for internal data', () => {
    const { json } = exampleStack('mfin-internal');
    resourceIn(json, 'vsphere_virtual_machine').efi_secure_boot_enabled = false;
    expect(run(ENC_03, json, 'mfin-internal')[0]).toMatchObject({ attribute: 'efi_secure_boot_enabled', severity: 'warning' });
  });
});

describe('ENC-04 vTPM', () => {
  it('fires on a VM without a vTPM at a site with a key provider', () => {
    const { json } = exampleStack();
    delete resourceIn(json, 'vsphere_virtual_machine').vtpm;
    expect(run(ENC_04_STACK, json)).toHaveLength(1);
  });
  it('stays quiet on a VM with vTPM 2.0', () => {
    expect(run(ENC_04_STACK, exampleStack().json)).toEqual([]);
  });
  it('refuses a vTPM without hardware_version, or below 14, where the add would fail at apply', () => {
    const { json } = exampleStack();
    delete resourceIn(json, 'vsphere_virtual_machine', 'dsp-ng-db-01').hardware_version;
    resourceIn(json, 'vsphere_virtual_machine', 'dsp-ng-app-01').hardware_version = 13;
    const findings = run(ENC_04_STACK, json);
    expect(findings.map((f) => [f.resource.replace(/_[0-9A-F]{8}$/, ''), f.attribute, f.severity])).toEqual([
      ['vsphere_virtual_machine.tenant_compute_dsp-ng-app-01', 'hardware_version', 'error'],
      ['vsphere_virtual_machine.tenant_compute_dsp-ng-db-01', 'hardware_version', 'error'],
    ]);
    expect(findings[0].found).toBe('a vTPM on hardware version 13');
    expect(findings[1].found).toContain('without hardware_version');
  });
  it('judges in a plan only a stated hardware_version: an unset one is the VM’s own, computed', () => {
    const { json, context } = exampleStack();
    delete resourceIn(json, 'vsphere_virtual_machine', 'dsp-ng-db-01').hardware_version;
    resourceIn(json, 'vsphere_virtual_machine', 'dsp-ng-app-01').hardware_version = 13;
    const ctx = context(json);
    const findings = ENC_04_STACK.check({ ...ctx, doc: { ...ctx.doc, origin: { kind: 'plan', file: 'dsp-ng.plan.json' } } });
    expect(findings.map((f) => f.found)).toEqual(['a vTPM on hardware version 13']);
  });
});

describe('ENC-05 transit keys never leave Vault', () => {
  it('refuses an exportable transit key', () => {
    const { json } = exampleStack();
    const key = only(json, 'vault_transit_secret_backend_key');
    key.r.exportable = true;
    const [f, ...rest] = run(ENC_05, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'ENC-05', resource: key.address, attribute: 'exportable', severity: 'error' });
    expect(f.found).toContain('"dsp-ng-data"');
    expect(f.allowed).toBe('exportable = false (the default)');
  });
  it('refuses a transit key that allows a plaintext backup', () => {
    const { json } = exampleStack('mfin-internal');
    only(json, 'vault_transit_secret_backend_key').r.allow_plaintext_backup = true;
    expect(run(ENC_05, json, 'mfin-internal').map((f) => f.attribute)).toEqual(['allow_plaintext_backup']);
  });
  it('stays quiet on a key with both settings false', () => {
    expect(run(ENC_05, exampleStack().json)).toEqual([]);
  });
});

describe('ENC-06 transit keys of protected data cannot be deleted', () => {
  it('is an error for a deletable key of health data', () => {
    const { json } = exampleStack();
    const key = only(json, 'vault_transit_secret_backend_key');
    key.r.deletion_allowed = true;
    const [f] = run(ENC_06_STACK, json);
    expect(f).toMatchObject({ ruleId: 'ENC-06', resource: key.address, attribute: 'deletion_allowed', severity: 'error' });
    expect(f.found).toContain('"dsp-ng-data"');
    expect(f.allowed).toContain('classification health forbids deletable keys');
  });
  it('is a warning where the classification forbids deletion but does not raise warnings', () => {
    const { json, context } = exampleStack();
    only(json, 'vault_transit_secret_backend_key').r.deletion_allowed = true;
    const ctx = context(json);
    const relaxed = { ...ctx, classification: { ...ctx.classification, warningsAreErrors: undefined } };
    expect(ENC_06_STACK.check(relaxed)[0].severity).toBe('warning');
  });
  it('stays quiet on a deletable key of internal data, which the classification allows', () => {
    const { json } = exampleStack('mfin-internal');
    only(json, 'vault_transit_secret_backend_key').r.deletion_allowed = true;
    expect(run(ENC_06_STACK, json, 'mfin-internal')).toEqual([]);
  });
  it('refuses a transit mount or namespace without prevent_destroy, which would destroy the keys with it', () => {
    const { json } = exampleStack();
    expect(run(ENC_06_STACK, json)).toEqual([]);
    for (const type of ['vault_namespace', 'vault_mount']) for (const r of Object.values(json.resource[type]) as any[]) delete r.lifecycle;
    const findings = run(ENC_06_STACK, json);
    expect(findings.map((f) => [f.resource.split('.')[0], f.attribute, f.severity])).toEqual([
      ['vault_mount', 'lifecycle.prevent_destroy', 'error'],
      ['vault_namespace', 'lifecycle.prevent_destroy', 'error'],
    ]);
    expect(findings[0].found).toBe('transit mount "transit" can be destroyed, and its keys with it');
    const ctx = exampleStack().context(json);
    expect(ENC_06_STACK.check({ ...ctx, doc: { ...ctx.doc, origin: { kind: 'plan', file: 'dsp-ng.plan.json' } } })).toEqual([]);
  });
});

describe('ENC-07 transit keys rotate', () => {
  it('warns about a key whose rotation period is 0', () => {
    const { json } = exampleStack('mfin-internal');
    const key = only(json, 'vault_transit_secret_backend_key');
    key.r.auto_rotate_period = 0;
    const [f] = run(ENC_07_STACK, json, 'mfin-internal');
    expect(f).toMatchObject({ ruleId: 'ENC-07', resource: key.address, attribute: 'auto_rotate_period', severity: 'warning' });
    expect(f.found).toContain('has auto_rotate_period 0');
  });
  it('warns about a key without a rotation period, even for health data', () => {
    const { json } = exampleStack();
    delete only(json, 'vault_transit_secret_backend_key').r.auto_rotate_period;
    expect(run(ENC_07_STACK, json)[0]).toMatchObject({ severity: 'warning', found: expect.stringContaining('has no auto_rotate_period') });
  });
  it('stays quiet on a key that rotates every 90 days', () => {
    expect(run(ENC_07_STACK, exampleStack().json)).toEqual([]);
  });
});

describe('ENC-08 KMIP for vSphere', () => {
  const kmip = (json: any, role: Record<string, unknown>, backend: Record<string, unknown>) => {
    json.resource.vault_kmip_secret_backend = { kmip: { path: 'kmip', listen_addrs: ['0.0.0.0:5696'], ...backend } };
    json.resource.vault_kmip_secret_role = { vcenter: { path: '${vault_kmip_secret_backend.kmip.path}', scope: 'vsphere', role: 'vcenter', ...role } };
  };
  it('warns about a role with every operation and a listener accepting TLS 1.1', () => {
    const { json } = exampleStack();
    kmip(json, { operation_all: true }, { tls_min_version: 'tls11' });
    const findings = run(ENC_08, json);
    expect(findings.map((f) => [f.resource, f.attribute, f.severity])).toEqual([
      ['vault_kmip_secret_role.vcenter', 'operation_all', 'warning'],
      ['vault_kmip_secret_backend.kmip', 'tls_min_version', 'warning'],
    ]);
    expect(findings[0].found).toContain('"vcenter"');
    expect(findings[1].found).toBe('KMIP listener accepts tls11');
  });
  it('stays quiet on named operations and TLS 1.2', () => {
    const { json } = exampleStack();
    kmip(json, { operation_activate: true, operation_create: true, operation_get: true }, { tls_min_version: 'tls12' });
    expect(run(ENC_08, json)).toEqual([]);
  });
});
