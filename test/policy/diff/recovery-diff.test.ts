import { diffOutputs, risksOf, type OutputDiff } from '../../../policy/diff';
import { renderDiffMarkdown } from '../../../policy/report/diff-formats/diff-markdown';
import { fromSynthJson, type StackDocument } from '../../../policy/terraform';
import { bundledSites } from './diff-fixtures';
import { sharedExampleStack } from '../../fixtures/shared-example-output';

/** The shared care record and its recovery stack, synthesized, then the recovery moved to another datacenter. */
let diff: OutputDiff;
beforeAll(() => {
  const docs = (jsons: Record<string, any>) => new Map(Object.entries(jsons).map(([n, j]) => [n, fromSynthJson(j, `${n}/cdk.tf.json`) as StackDocument]));
  const base = { 'dsp-ng': sharedExampleStack('dsp-ng'), 'dsp-ng-recovery': sharedExampleStack('dsp-ng-recovery') };
  const head = structuredClone(base);
  for (const dc of Object.values(head['dsp-ng-recovery'].data.vsphere_datacenter) as { name: string }[]) dc.name = 'COLO-BISSEN-1';
  for (const vm of Object.values(head['dsp-ng'].resource.vsphere_virtual_machine) as { num_cpus: number }[]) vm.num_cpus = 8;
  diff = diffOutputs(docs(base), docs(head), bundledSites(), { base: 'config', head: 'recovery moved' });
});

describe('a recovery-site change in govcloud diff', () => {
  it('labels the move of the recovery stack residency, and says it is the replica that moves', () => {
    const recovery = diff.tenants.find((t) => t.tenant === 'dsp-ng-recovery')!;
    expect(risksOf(recovery)[0]).toBe('residency');
    const reasons = recovery.changes.flatMap((c) => c.attributes.flatMap((a) => a.risks)).filter((r) => r.rule === 'residency/datacenter').map((r) => r.reason);
    expect(reasons).toEqual([
      'recovery site of dsp-ng: datacenter "GOVCLOUD-LU-2" (site ctie-govcloud-2, LU) -> "COLO-BISSEN-1" (site lu-colo-1, LU): the tenant\'s replica VMs and their disks move to site lu-colo-1 in LU',
    ]);
  });

  it('draws primary and recovery in the placement diagram of the tenant', () => {
    const md = renderDiffMarkdown(diff);
    expect(md).toContain('after_dc["primary: GOVCLOUD-LU-1 @ ctie-govcloud-1 (LU)"]');
    expect(md).toContain('after_vms -. replica .-> after_rec["recovery: 5 VMs, COLO-BISSEN-1 @ lu-colo-1 (LU)"]');
    expect(md).toContain('before_vms -. replica .-> before_rec["recovery: 5 VMs, GOVCLOUD-LU-2 @ ctie-govcloud-2 (LU)"]');
  });
});
