import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { ComputeClusterVmAntiAffinityRule } from '@cdktf/provider-vsphere/lib/compute-cluster-vm-anti-affinity-rule';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { ResourcePool } from '@cdktf/provider-vsphere/lib/resource-pool';
import { DistributedPortGroup } from '@cdktf/provider-vsphere/lib/distributed-port-group';
import { RecoveryStack } from '../../stacks/recovery-stack';
import { ResidencyError } from '../../constructs/residency-error';
import { loadConfig } from '../../loader/load-config';
import { synthesizeTenants } from '../../stacks/synth';
import type { TenantSpec } from '../../policy/model';
import { configWith, bundledYaml } from '../fixtures/config-files';

const config = loadConfig('config');
const dsp = config.tenants.find((t) => t.spec.name === 'dsp-ng')!.spec;

function synthRecovery(spec: TenantSpec = dsp, recoverySiteId = spec.recovery!.site): string {
  const app = Testing.app();
  const stack = new RecoveryStack(app, {
    spec,
    site: config.sites.get(spec.site)!,
    classification: config.classifications.get(spec.classification)!,
    catalogue: [...config.sites.values()],
    recoverySite: config.sites.get(recoverySiteId)!,
  });
  return Testing.synth(stack);
}

describe('RecoveryStack', () => {
  it('prepares a warm recovery of the shared care record at the second State datacentre: its VMs, spread over hosts', () => {
    const synth = synthRecovery();
    expect(synth).toHaveResourceWithProperties(DistributedPortGroup, { vlan_id: 210 });
    expect(synth).toHaveResourceWithProperties(ResourcePool, { name: 'dsp-ng' });
    expect(synth).toHaveResourceWithProperties(VirtualMachine, { name: 'dsp-ng-app-03', annotation: expect.stringContaining('site ctie-govcloud-2') });
    expect(synth).toHaveResourceWithProperties(ComputeClusterVmAntiAffinityRule, { name: 'dsp-ng-app-spread' });
    expect(synth).toHaveResourceWithProperties(ComputeClusterVmAntiAffinityRule, { name: 'dsp-ng-db-spread' });
    expect(JSON.parse(synth).provider.vsphere[0]).toMatchObject({ vsphere_server: 'vcenter.govcloud2.ctie.lu' });
  });

  it('names the recovery site in its residency preconditions', () => {
    const pool = Object.values(JSON.parse(synthRecovery()).resource.vsphere_resource_pool)[0] as { lifecycle: { precondition: { error_message: string }[] } };
    expect(pool.lifecycle.precondition[0].error_message).toMatch(/^RES-01: recovery site ctie-govcloud-2 of tenant dsp-ng \(health, primary ctie-govcloud-1\): the replica may only be placed in datacenters/);
  });

  it('creates no VM for a cold recovery, and no Vault object either way (the keys are replicated)', () => {
    const synth = synthRecovery({ ...dsp, recovery: { site: 'ctie-govcloud-2', mode: 'cold' } });
    expect(synth).not.toHaveResource(VirtualMachine);
    expect(synth).not.toHaveResource(ComputeClusterVmAntiAffinityRule);
    expect(synth).toHaveResource(ResourcePool);
    expect(Object.keys(JSON.parse(synth).resource).filter((t) => t.startsWith('vault_'))).toEqual([]);
  });

  it('refuses a recovery site in Germany for health data, naming it', () => {
    const spec = { ...dsp, recovery: { site: 'research-de-1', mode: 'warm' as const } };
    let error: unknown;
    try {
      synthRecovery(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResidencyError);
    const ids = (error as ResidencyError).findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['RES-01', 'RES-10', 'AVL-05']));
    expect((error as ResidencyError).findings.find((f) => f.ruleId === 'RES-01')!.found).toContain('recovery site research-de-1: site research-de-1 is in DE');
  });
});

describe('synthesis of recovery stacks', () => {
  it('builds a recovery stack named with --tenant together with its tenant', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'recovery-named-'));
    try {
      const result = synthesizeTenants(config, { outDir: out, tenants: ['dsp-ng-recovery'] });
      expect(result.tenants.map((t) => t.name)).toEqual(['dsp-ng', 'dsp-ng-recovery']);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('writes dsp-ng-recovery beside dsp-ng and the stack of the recovery site, and removes it when the tenant drops its recovery', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'recovery-synth-'));
    try {
      const result = synthesizeTenants(config, { outDir: out });
      expect(result.tenants.map((t) => [t.name, t.site, t.recoveryOf])).toContainEqual(['dsp-ng-recovery', 'ctie-govcloud-2', 'dsp-ng']);
      expect(fs.existsSync(path.join(out, 'stacks', 'dsp-ng-recovery', 'cdk.tf.json'))).toBe(true);
      expect((result.sites ?? []).map((s) => s.name)).toContain('site-ctie-govcloud-2');
      // Where health no longer requires a recovery site (AVL-03), the shared care record drops its own.
      const classifications = bundledYaml('classifications.yaml').replace(/\n      recoveryRequired: [^\n]*/, '');
      const dir = configWith({ classifications, tenants: { 'dsp-ng.yaml': bundledYaml('tenants/dsp-ng.yaml').replace('recovery: { site: ctie-govcloud-2, mode: warm }\n', '') } });
      const again = synthesizeTenants(loadConfig(dir), { outDir: out, incremental: true });
      expect(again.removed).toEqual(expect.arrayContaining(['dsp-ng-recovery', 'site-ctie-govcloud-2']));
      expect(fs.existsSync(path.join(out, 'stacks', 'dsp-ng-recovery', 'cdk.tf.json'))).toBe(false);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
