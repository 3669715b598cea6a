import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataVsphereDatacenter } from '@cdktf/provider-vsphere/lib/data-vsphere-datacenter';
import { DataVsphereComputeCluster } from '@cdktf/provider-vsphere/lib/data-vsphere-compute-cluster';
import { VirtualMachine } from '@cdktf/provider-vsphere/lib/virtual-machine';
import { loadConfig } from '../../loader/load-config';
import { synthesizeTenants, TenantsRefused } from '../../stacks/synth';
import type { TenantStack } from '../../stacks/tenant-stack';
import { suppressFinding } from '../../constructs/suppress-finding';
import type { StackFinding } from '../../policy/finding';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'whole-stack-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const config = loadConfig('config');

/** Adds, beside the toolkit's constructs, a raw VM placed in the German research datacenter. */
function addForeignVm(stack: TenantStack): VirtualMachine | undefined {
  if (stack.props.spec.name !== 'dsp-ng') return undefined;
  const dc = new DataVsphereDatacenter(stack, 'raw-dc', { name: 'FRA1' });
  const cluster = new DataVsphereComputeCluster(stack, 'raw-cluster', { name: 'fra1-research', datacenterId: dc.id });
  return new VirtualMachine(stack, 'raw-vm', { name: 'raw', resourcePoolId: cluster.resourcePoolId, firmware: 'bios' });
}

function refusal(fn: () => unknown): StackFinding[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof TenantsRefused) return e.findings as StackFinding[];
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('whole-stack check at synth', () => {
  it('refuses a raw VM in a foreign datacenter added beside the constructs, and writes nothing', () => {
    const out = path.join(root, 'raw');
    const findings = refusal(() => synthesizeTenants(config, { outDir: out, customize: addForeignVm }));
    expect(findings.map((f) => f.ruleId)).toContain('RES-01');
    const res01 = findings.find((f) => f.ruleId === 'RES-01')!;
    expect(res01.tenant).toBe('dsp-ng');
    expect(res01.resource).toMatch(/^data\.vsphere_datacenter\.raw-dc/);
    expect(findings.some((f) => f.ruleId === 'ENC-01' && f.resource.startsWith('vsphere_virtual_machine.raw-vm'))).toBe(true);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('lets a justified, unexpired suppression on the construct silence one finding, and still refuses the rest', () => {
    const findings = refusal(() =>
      synthesizeTenants(config, {
        outDir: path.join(root, 'suppressed'),
        today: '2026-11-29',
        customize: (stack) => {
          const vm = addForeignVm(stack);
          if (vm) suppressFinding(vm, { rule: 'ENC-03', reason: 'Legacy appliance cannot boot EFI; replacement ordered.', approvedBy: 'CISO office', expires: '2027-03-31' });
        },
      }),
    );
    expect(findings.filter((f) => f.resource.startsWith('vsphere_virtual_machine.raw-vm')).map((f) => f.ruleId)).not.toContain('ENC-03');
    expect(findings.map((f) => f.ruleId)).toContain('RES-01');
  });

  it('refuses an expired suppression as GOV-01', () => {
    const findings = refusal(() =>
      synthesizeTenants(config, {
        outDir: path.join(root, 'expired'),
        today: '2026-11-29',
        customize: (stack) => {
          const vm = addForeignVm(stack);
          if (vm) suppressFinding(vm, { rule: 'ENC-03', reason: 'Legacy appliance cannot boot EFI; replacement ordered.', approvedBy: 'CISO office', expires: '2026-01-31' });
        },
      }),
    );
    const gov = findings.find((f) => f.ruleId === 'GOV-01')!;
    expect(gov.found).toContain('expired on 2026-01-31');
    expect(findings.some((f) => f.ruleId === 'ENC-03')).toBe(true);
  });

  it('synthesizes the examples with no stack finding', () => {
    const result = synthesizeTenants(config, { outDir: path.join(root, 'clean') });
    expect(result.tenants).toHaveLength(6); // five tenants and the recovery stack of dsp-ng
    expect(result.warnings.filter((w) => 'resource' in w && w.severity === 'error')).toEqual([]);
  });
});
