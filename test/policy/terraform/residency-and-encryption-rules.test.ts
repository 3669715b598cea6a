import { checkStack, STACK_RULES } from '../../../policy/stack-rules';
import { RES_01_STACK, RES_02, RES_03 } from '../../../policy/stack-rules/res/RES-01';
import { ENC_01_STACK, ENC_02, ENC_03, ENC_04_STACK } from '../../../policy/stack-rules/enc';
import type { StackRule } from '../../../policy/stack-rules/stack-rule';
import { examples, exampleStack, resourceIn } from './stack-fixtures';

const ids = (rule: StackRule, json: unknown, tenant = 'dsp-ng') => rule.check(exampleStack(tenant).context(json));

describe('stack rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find nothing wrong in the %s example but its local state', (tenant) => {
    const { context } = exampleStack(tenant);
    // The examples keep a local backend so they synthesize on a fresh machine; STA-01 says so, as a warning.
    expect(checkStack(context(), STACK_RULES).findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['STA-01 warning']);
  });
});

describe('RES-01 datacenter residency', () => {
  it('fires on a raw VM looked up in the German datacenter of a health stack', () => {
    const { json } = exampleStack();
    json.data.vsphere_datacenter.foreign = { name: 'FRA1' };
    json.data.vsphere_compute_cluster.foreign = { name: 'fra1-research', datacenter_id: '${data.vsphere_datacenter.foreign.id}' };
    json.resource.vsphere_virtual_machine.raw = { name: 'raw', resource_pool_id: '${data.vsphere_compute_cluster.foreign.resource_pool_id}' };
    const findings = ids(RES_01_STACK, json);
    expect(findings.map((f) => f.resource)).toEqual(['data.vsphere_datacenter.foreign']);
    expect(findings[0].found).toContain('site research-de-1 (DE');
    expect(findings[0].allowed).toContain('ctie-govcloud-1');
  });
  it('fires on an unregistered datacenter', () => {
    const { json } = exampleStack();
    json.data.vsphere_datacenter.x = { name: 'SOMEWHERE' };
    expect(ids(RES_01_STACK, json)[0].found).toContain('not registered');
  });
  it('fires on a VM whose placement leads to no datacenter', () => {
    const { json } = exampleStack();
    json.resource.vsphere_virtual_machine.raw = { name: 'raw', resource_pool_id: 'resgroup-1234' };
    expect(ids(RES_01_STACK, json).map((f) => f.resource)).toEqual(['vsphere_virtual_machine.raw']);
  });
  it('stays quiet on the research stack in its German datacenter', () => {
    expect(ids(RES_01_STACK, exampleStack('lih-research').json, 'lih-research')).toEqual([]);
  });
});

describe('RES-02 and RES-03 provider endpoints', () => {
  it('fires when the vSphere provider points at another site', () => {
    const { json } = exampleStack();
    json.provider.vsphere[0].vsphere_server = 'vcenter.fra1.forschungscloud.example';
    const [f] = ids(RES_02, json);
    expect(f).toMatchObject({ ruleId: 'RES-02', resource: 'provider.vsphere', attribute: 'vsphere_server' });
    expect(f.found).toContain('research-de-1');
  });
  it('fires when the Vault provider points at a foreign Vault', () => {
    const { json } = exampleStack();
    json.provider.vault[0].address = 'https://vault.euw1.hyperscaler.example:8200';
    expect(ids(RES_03, json)[0].found).toContain('hyperscaler-eu-west');
  });
  it('fires when the Vault address is left to the environment', () => {
    const { json } = exampleStack();
    delete json.provider.vault[0].address;
    expect(ids(RES_03, json)[0].found).toContain('VAULT_ADDR');
  });
  it('stays quiet on the site endpoints', () => {
    const { json } = exampleStack();
    expect([...ids(RES_02, json), ...ids(RES_03, json)]).toEqual([]);
  });
});

describe('ENC-01 and ENC-02 encryption storage policy', () => {
  it('fires on a VM home without a storage policy', () => {
    const { json } = exampleStack();
    delete resourceIn(json, 'vsphere_virtual_machine', 'dsp-ng-db-01').storage_policy_id;
    const [f] = ids(ENC_01_STACK, json);
    expect(f.attribute).toBe('storage_policy_id');
    expect(f.constructPath).toBe('dsp-ng/tenant/compute/dsp-ng-db-01');
  });
  it('fires on a policy that is not the site encryption policy', () => {
    const { json } = exampleStack();
    json.data.vsphere_storage_policy.plain = { name: 'vSAN Default Storage Policy' };
    resourceIn(json, 'vsphere_virtual_machine', 'dsp-ng-db-01').disk[2].storage_policy_id = '${data.vsphere_storage_policy.plain.id}';
    const [f] = ids(ENC_02, json);
    expect(f).toMatchObject({ attribute: 'disk.2.storage_policy_id', ruleId: 'ENC-02' });
  });
  it('stays quiet when home and every disk use the policy', () => {
    const { json } = exampleStack();
    expect([...ids(ENC_01_STACK, json), ...ids(ENC_02, json)]).toEqual([]);
  });
});

describe('ENC-03 secure boot', () => {
  it('is an error for health data', () => {
    const { json } = exampleStack();
    resourceIn(json, 'vsphere_virtual_machine').firmware = 'bios';
    expect(ids(ENC_03, json)[0]).toMatchObject({ attribute: 'firmware', severity: 'error' });
  });
  it('is a warning for internal data', () => {
    const { json } = exampleStack('mfin-internal');
    resourceIn(json, 'vsphere_virtual_machine').efi_secure_boot_enabled = false;
    expect(ids(ENC_03, json, 'mfin-internal')[0]).toMatchObject({ attribute: 'efi_secure_boot_enabled', severity: 'warning' });
  });
});

describe('ENC-04 vTPM', () => {
  it('fires on a VM without a vTPM at a site with a key provider', () => {
    const { json } = exampleStack();
    delete resourceIn(json, 'vsphere_virtual_machine').vtpm;
    expect(ids(ENC_04_STACK, json)).toHaveLength(1);
  });
  it('stays quiet on a VM with vTPM 2.0', () => {
    expect(ids(ENC_04_STACK, exampleStack().json)).toEqual([]);
  });
});

describe('coverage', () => {
  it('names the resource types no rule examined', () => {
    const { json, context } = exampleStack();
    json.resource.vault_generic_endpoint = { x: { path: 'sys/foo', data_json: '{}' } };
    expect(checkStack(context(json), STACK_RULES).unexamined).toContain('vault_generic_endpoint');
  });
});
