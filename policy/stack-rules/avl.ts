/**
 * Availability rules over stacks (AVL): the VMs of a group run on different hosts. The seed's first pillar of
 * sovereignty is availability, "garantir la disponibilité de l'infrastructure, des services et des données en évitant
 * la perte des accès aux ressources" (PQ 3639 ¶1): three application servers of the shared care record on one ESXi
 * host are one host failure from an outage.
 */
import type { StackFinding } from '../finding';
import type { TfBlock } from '../terraform/stack-document';
import { formatSources } from '../source';
import { PQ3639_AVAILABILITY } from '../pq-3639';
import { isLiteral, VM } from './block-values';
import { stackFinding, type StackContext, type StackRule } from './stack-rule';

export const ANTI_AFFINITY = 'vsphere_compute_cluster_vm_anti_affinity_rule';

/** The name of the anti-affinity rule of a tenant's VM group (unique per cluster, as vCenter requires). */
export const spreadRuleName = (tenant: string, group: string): string => `${tenant}-${group}-spread`;

/** A group of VMs meant to be alike: one resource with `count` of two or more, or VMs named `<tenant>-<group>-<nn>`. */
interface VmGroup {
  /** The group's name as the tenant declares it (`app`), or the resource address for a counted resource. */
  readonly name: string;
  readonly members: readonly TfBlock[];
  /** One resource stands for every member (`count`). */
  readonly counted: boolean;
}

const MEMBER = /^(.+)-(\d+)$/;
const INDEXED = /^(.+)\[\d+\]$/;

/** The VM groups of two or more in the stack, in the order their first member appears. */
export function vmGroups(ctx: StackContext): VmGroup[] {
  const groups = new Map<string, { name: string; members: TfBlock[]; counted: boolean }>();
  const add = (key: string, name: string, vm: TfBlock, counted: boolean) => {
    const g = groups.get(key) ?? { name, members: [], counted };
    g.members.push(vm);
    groups.set(key, g);
  };
  for (const vm of ctx.doc.resources.filter((b) => b.type === VM)) {
    const count = Number(vm.values.count);
    const indexed = INDEXED.exec(vm.address);
    const named = isLiteral(vm.values.name) ? MEMBER.exec(vm.values.name) : null;
    if (Number.isInteger(count) && count >= 2) add(vm.address, vm.address, vm, true);
    else if (indexed) add(indexed[1], indexed[1], vm, false);
    else if (named) add(`name:${named[1]}`, named[1].startsWith(`${ctx.tenant}-`) ? named[1].slice(ctx.tenant.length + 1) : named[1], vm, false);
  }
  return [...groups.values()].filter((g) => g.counted || g.members.length >= 2);
}

/** Whether `rule` is enabled: `enabled` defaults to true in the provider's schema. */
const enabled = (rule: TfBlock) => rule.values.enabled !== false && rule.values.enabled !== 'false';

/** The VMs an anti-affinity rule keeps apart, by address. */
function keptApart(ctx: StackContext, rule: TfBlock): Set<string> {
  return new Set(ctx.refs.reach(rule.values.virtual_machine_ids, VM).map((b) => b.address));
}

export const AVL_01: StackRule = {
  id: 'AVL-01',
  title: 'Every group of two or more VMs is kept on different hosts by a VM anti-affinity rule',
  severity: 'warning',
  rises: true,
  rationale:
    'VMs cloned from one group are there to stand in for each other; DRS may place them all on one ESXi host, and that host failing takes the whole service down. ' +
    'A VM anti-affinity rule in the compute cluster keeps them on different hosts. An error where the classification demands spread (availability.spread), a warning elsewhere; a tenant opts a group out only in its file, with a reason.',
  fix: 'give the group a vsphere_compute_cluster_vm_anti_affinity_rule listing all its VMs (TenantSpread does), or declare spread: { disabled: true, reason: "..." } on the group where the classification allows it',
  sources: [PQ3639_AVAILABILITY],
  examines: [VM, ANTI_AFFINITY],
  check(ctx) {
    const rules = ctx.doc.resources.filter((b) => b.type === ANTI_AFFINITY && enabled(b)).map((r) => keptApart(ctx, r));
    const out: StackFinding[] = [];
    for (const group of vmGroups(ctx)) {
      if (ctx.spreadOptOuts?.has(group.name)) continue;
      const covered = rules.some((apart) => group.members.every((vm) => apart.has(vm.address)));
      if (covered) continue;
      const names = group.members.map((vm) => (isLiteral(vm.values.name) ? vm.values.name : vm.address));
      const found = group.counted
        ? `VM resource ${group.name} (count = ${String(group.members[0].values.count)}) has no enabled anti-affinity rule: all its VMs may run on one host`
        : `VM group "${group.name}" (${names.join(', ')}) has no enabled anti-affinity rule listing all ${names.length}: they may run on one host`;
      const finding = stackFinding(this, ctx, group.members[0], {
        found,
        allowed: `an enabled ${ANTI_AFFINITY} whose virtual_machine_ids list every VM of the group${ctx.classification.availability?.spread?.value ? '' : ', or spread: { disabled: true, reason } on the group in the tenant file'}`,
      });
      out.push(ctx.classification.availability?.spread?.value ? { ...finding, severity: 'error', source: `${finding.source}; ${spreadSource(ctx)}` } : finding);
    }
    return out;
  },
};

/** The classification's own sources for demanding spread. */
function spreadSource(ctx: StackContext): string {
  return formatSources(ctx.classification.availability?.spread?.source ?? []);
}
