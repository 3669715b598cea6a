import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { TenantCompute } from '../../constructs/tenant-compute';
import { luSite } from '../policy/fixtures';
import { inventoryIn, placement, resourcesOf, tenantSpec } from './tenant-fixtures';
import { terraformTest } from '../terraform-binary';

const withTerraform = terraformTest('the residency precondition is not proven against real Terraform here');

/** The precondition TenantCompute puts on the tenant's VMs, with a catalogue of an LU and a DE site. */
function vmPrecondition(): { condition: string; error_message: string } {
  const lu2 = luSite({ id: 'lu-2', vsphere: { ...luSite().vsphere, datacenter: 'LU-DC-2' } });
  const de = luSite({ id: 'de-1', country: 'DE', vsphere: { ...luSite().vsphere, datacenter: 'DE-DC' } });
  const p = placement({ catalogue: [luSite(), lu2, de] });
  const synth = Testing.synthScope((scope) => void new TenantCompute(scope, 'c', { ...p, inventory: inventoryIn(scope, p), networkId: 'pg', vms: tenantSpec().vms }));
  const vm = Object.values(resourcesOf(synth, 'vsphere_virtual_machine'))[0] as { lifecycle: { precondition: { condition: string; error_message: string }[] } };
  return vm.lifecycle.precondition[0];
}

/** Plans a stack holding only the precondition, with the datacenter reference replaced by `datacenter`. */
function planWith(datacenter: string): { status: number | null; output: string; checks?: unknown } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'precondition-'));
  try {
    const pre = vmPrecondition();
    const condition = pre.condition.replace(/data\.vsphere_datacenter\.[^.]+\.name/, 'local.datacenter');
    fs.writeFileSync(
      path.join(dir, 'main.tf.json'),
      JSON.stringify({
        locals: { datacenter },
        resource: { terraform_data: { vm: { input: 'vm', lifecycle: { precondition: [{ condition, error_message: pre.error_message }] } } } },
      }),
    );
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const run = (...args: string[]) => spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
    const init = run('init', '-input=false', '-no-color');
    if (init.status !== 0) throw new Error(`terraform init failed: ${init.stderr}`);
    const plan = run('plan', '-input=false', '-no-color', '-out=p.tfplan');
    if (plan.status !== 0) return { status: plan.status, output: plan.stdout + plan.stderr };
    const show = run('show', '-json', 'p.tfplan');
    return { status: plan.status, output: plan.stdout, checks: (JSON.parse(show.stdout) as { checks?: unknown }).checks };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('residency precondition on tenant VMs', () => {
  it('lists the datacenters of every site the classification allows, and no other', () => {
    expect(vmPrecondition().condition).toMatch(/^\$\{contains\(\["LU-DC", "LU-DC-2"\], data\.vsphere_datacenter\.[^.]+\.name\)\}$/);
    expect(vmPrecondition().error_message).toContain('RES-01');
  });

  withTerraform('makes a real terraform plan fail with the RES-01 message in a datacenter the classification forbids', () => {
    const result = planWith('DE-DC');
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('Resource precondition failed');
    expect(result.output).toContain('RES-01: tenant dsp (health)');
  });

  withTerraform('passes a real terraform plan in an allowed datacenter, and the plan JSON reports the check as passed', () => {
    const result = planWith('LU-DC-2');
    expect(result.status).toBe(0);
    expect(JSON.stringify(result.checks)).toContain('"status":"pass"');
    expect(JSON.stringify(result.checks)).toContain('terraform_data.vm');
  });
});
