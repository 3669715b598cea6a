import { AVL_01, vmGroups } from '../../../policy/stack-rules/avl';
import { stackContext } from '../../../policy/stack-rules';
import { fromSynthJson, type StackDocument } from '../../../policy/terraform';
import { examples, exampleStack, run } from './stack-fixtures';

const ANTI_AFFINITY = 'vsphere_compute_cluster_vm_anti_affinity_rule';

describe('AVL-01 VM groups spread over hosts', () => {
  it.each([...examples().stacks.keys()])('finds nothing wrong in the %s example', (tenant) => {
    expect(AVL_01.check(exampleStack(tenant).context())).toEqual([]);
  });

  it('finds the three app servers of the shared care record as one group and the two databases as another', () => {
    const groups = vmGroups(exampleStack('dsp-ng').context());
    expect(groups.map((g) => [g.name, g.members.length])).toEqual([
      ['app', 3],
      ['db', 2],
    ]);
  });

  it('refuses, for health data, a group whose anti-affinity rule was removed', () => {
    const { json } = exampleStack('dsp-ng');
    const [key] = Object.entries(json.resource[ANTI_AFFINITY]).find(([, r]: [string, any]) => r.name === 'dsp-ng-app-spread')!;
    delete json.resource[ANTI_AFFINITY][key];
    const findings = run(AVL_01, json);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'AVL-01', severity: 'error' });
    expect(findings[0].found).toContain('VM group "app" (dsp-ng-app-01, dsp-ng-app-02, dsp-ng-app-03) has no enabled anti-affinity rule');
  });

  it('refuses a rule that is disabled or leaves a member out', () => {
    const { json } = exampleStack('dsp-ng');
    const rules = Object.values(json.resource[ANTI_AFFINITY]) as any[];
    rules[0].enabled = false;
    rules[1].virtual_machine_ids = rules[1].virtual_machine_ids.slice(0, 1);
    expect(run(AVL_01, json).map((f) => f.found.slice(0, 14))).toEqual(['VM group "app"', 'VM group "db" ']);
  });

  it('warns only where the classification does not demand spread', () => {
    const { json } = exampleStack('mfin-internal');
    json.resource.vsphere_virtual_machine.extra = { name: 'x', count: 2 };
    const findings = run(AVL_01, json, 'mfin-internal');
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'AVL-01', severity: 'warning', resource: 'vsphere_virtual_machine.extra' })]);
    expect(findings[0].found).toContain('(count = 2) has no enabled anti-affinity rule');
  });

  it('accepts a group the tenant file opts out with a reason', () => {
    const { json } = exampleStack('dsp-ng');
    delete json.resource[ANTI_AFFINITY];
    const { config } = examples();
    const t = config.tenants.find((x) => x.spec.name === 'dsp-ng')!;
    const ctx = stackContext(fromSynthJson(json, 'dsp-ng/cdk.tf.json') as StackDocument, config.sites.get(t.spec.site)!, config.classifications.get('health')!, [...config.sites.values()]);
    const optOuts = new Map([['app', 'licensed to one host'], ['db', 'one host until 2027']]);
    expect(AVL_01.check({ ...ctx, spreadOptOuts: optOuts })).toEqual([]);
    expect(AVL_01.check(ctx)).toHaveLength(2);
  });
});
