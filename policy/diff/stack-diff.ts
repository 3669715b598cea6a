/**
 * The diff engine of `govcloud diff`: compares two synthesized outputs tenant by tenant, block by block and
 * attribute by attribute, and labels every change with the risk catalogue. Pure: documents in, plain data out
 * (the caller reads the files). Linear in the size of the outputs: blocks are matched through maps by address,
 * sets through maps by content, and an unchanged tenant costs one pass over its blocks.
 */
import type { Site } from '../model';
import type { StackDocument } from '../terraform/stack-document';
import { RISK_ORDER, risksOf, type AttributeChange, type BlockChange, type OutputDiff, type TenantDiff } from './diff-model';
import { diffBlocksOf, reportedType, type DiffBlock } from './diff-blocks';
import { forceNewAt, ReplacementGraph, type Dependant } from './force-new';
import { placementSummary, siteOfStack } from './placement-summary';
import { StackSide, type RiskContext } from './risk-context';
import { attributeRisks, blockRisks } from './risks/risk-catalogue';
import { setPathsOf } from './set-attributes';
import { SiteLookup } from './site-lookup';
import { compareValues } from './value-diff';

/**
 * Compares one tenant's stack before (`base`) and after (`head`); either may be missing (a tenant added or
 * removed). The tenant is named after the head stack, else the base stack.
 */
export function diffStacks(base: StackDocument | undefined, head: StackDocument | undefined, sites: readonly Site[] | SiteLookup): TenantDiff {
  const tenant = head?.stack ?? base?.stack;
  if (tenant === undefined) throw new Error('diffStacks: give a base or a head stack (both are missing)');
  return diffTenant(tenant, base, head, sites instanceof SiteLookup ? sites : new SiteLookup(sites));
}

/**
 * The stacks of one side of a diff by name: a map, or a synth output folder that reads each stack when asked for
 * (`stackFolder`), so that a diff holds two stacks at a time.
 */
export interface StackSource {
  keys(): Iterable<string>;
  get(name: string): StackDocument | undefined;
}

/**
 * Compares two whole outputs, stacks keyed by tenant name. Tenants with changes come first, by their highest
 * risk ({@link RISK_ORDER}) and then by name; unchanged tenants follow, by name. The same inputs always give the
 * same result.
 */
export function diffOutputs(
  base: StackSource,
  head: StackSource,
  sites: readonly Site[],
  labels: { readonly base: string; readonly head: string },
): OutputDiff {
  const lookup = new SiteLookup(sites);
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const tenants = names.map((n) => diffTenant(n, base.get(n), head.get(n), lookup));
  return { base: labels.base, head: labels.head, tenants: tenants.sort(byRiskThenName) };
}

function diffTenant(tenant: string, base: StackDocument | undefined, head: StackDocument | undefined, sites: SiteLookup): TenantDiff {
  const baseSide = new StackSide(base, base ? diffBlocksOf(base) : new Map());
  const headSide = new StackSide(head, head ? diffBlocksOf(head) : new Map());
  const site = (head && siteOfStack(head, sites)) ?? (base && siteOfStack(base, sites));
  let graph: ReplacementGraph | undefined;
  const replacementGraph = () => (graph ??= new ReplacementGraph(headSide.blocks));

  const changes: BlockChange[] = [];
  for (const address of [...new Set([...baseSide.blocks.keys(), ...headSide.blocks.keys()])].sort()) {
    const before = baseSide.blocks.get(address);
    const after = headSide.blocks.get(address);
    const change = compareBlock(before, after);
    if (!change) continue;
    const block = (after ?? before)!;
    const raw = change === 'changed' ? compareValues(before!.values, after!.values, setPathsOf(block.kind, block.type)) : [];
    if (change === 'changed' && raw.length === 0) continue;
    const ctx: RiskContext = {
      tenant,
      address,
      kind: block.kind,
      type: block.type,
      change,
      before,
      after,
      base: baseSide,
      head: headSide,
      sites,
      site,
      replacedDependants: () => dependantsOf(replacementGraph(), block, raw),
    };
    const attributes: AttributeChange[] = raw.map((c) => ({
      path: c.path,
      ...(c.before !== undefined ? { before: c.before } : {}),
      ...(c.after !== undefined ? { after: c.after } : {}),
      ...(c.setElement ? { setElement: c.setElement } : {}),
      risks: attributeRisks(c, ctx),
    }));
    changes.push({
      address,
      kind: change,
      type: reportedType(block),
      ...(block.constructPath ? { constructPath: block.constructPath } : {}),
      attributes,
      risks: blockRisks(ctx, attributes),
    });
  }

  return {
    tenant,
    status: !base ? 'added' : !head ? 'removed' : changes.length ? 'changed' : 'unchanged',
    changes,
    ...(base ? { before: placementSummary(base, sites) } : {}),
    ...(head ? { after: placementSummary(head, sites) } : {}),
  };
}

/** Added, removed or changed (undefined when the block is on neither side). A backend whose type changes is changed. */
function compareBlock(before: DiffBlock | undefined, after: DiffBlock | undefined): BlockChange['kind'] | undefined {
  if (before && after) return 'changed';
  if (after) return 'added';
  if (before) return 'removed';
  return undefined;
}

/** Head resources that the change of `block` replaces through a ForceNew attribute of theirs. */
function dependantsOf(graph: ReplacementGraph, block: DiffBlock, raw: readonly { schemaPath: string }[]): Dependant[] {
  const changedTop = new Set(raw.map((c) => c.schemaPath.split('.')[0]));
  const replaced = block.kind === 'resource' && raw.some((c) => forceNewAt(block.type, c.schemaPath) !== undefined);
  return graph.replacedBy(block.address, changedTop, replaced);
}

/** Changed tenants first, by highest risk then name; unchanged last, by name. */
function byRiskThenName(a: TenantDiff, b: TenantDiff): number {
  const rank = (t: TenantDiff) => {
    if (t.status === 'unchanged') return RISK_ORDER.length + 1;
    const labels = risksOf(t);
    return labels.length ? RISK_ORDER.indexOf(labels[0]) : RISK_ORDER.length;
  };
  return rank(a) - rank(b) || (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0);
}
