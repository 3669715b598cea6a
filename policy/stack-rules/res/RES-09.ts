/**
 * Rules over how tenant VMs are labelled in vCenter (RES-09). The toolkit names the
 * categories after the tenant (`dsp-ng-classification`, `dsp-ng-tenant`: TenantTags), because vCenter category
 * names are global and every tenant is its own stack; the rule recognises a category by its suffix.
 */
import type { TfBlock } from '../../terraform/stack-document';
import { stackFinding, type StackContext, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { isLiteral } from '../block-values';
import { standard } from '../../source';

const VM = 'vsphere_virtual_machine';
const TAG = 'vsphere_tag';
const CATEGORY = 'vsphere_tag_category';

/** A tag a VM carries, with the category its category_id leads to (undefined when it leads to none in the stack). */
interface CarriedTag {
  readonly tag: TfBlock;
  readonly category?: TfBlock;
}

/** The two facts every tenant VM carries: which classification its data has, and which tenant owns it. */
const LABELS = [
  { suffix: '-classification', expected: (ctx: StackContext) => ctx.classification.id, what: 'classification' },
  { suffix: '-tenant', expected: (ctx: StackContext) => ctx.tenant, what: 'tenant' },
] as const;

const label = (b: TfBlock) => JSON.stringify(b.values.name ?? b.name);
const literalName = (b: TfBlock | undefined) => (b && isLiteral(b.values.name) ? b.values.name : undefined);

/** The tags in `vm.tags` that resolve to a vsphere_tag of the stack, each with its category. */
function carriedTags(ctx: StackContext, vm: TfBlock): CarriedTag[] {
  return ctx.refs.reach(vm.values.tags, TAG).map((tag) => ({ tag, category: ctx.refs.reach(tag.values.category_id, CATEGORY)[0] }));
}

export const RES_09: StackRule = {
  id: 'RES-09',
  title: 'Every VM carries exactly one classification tag and one tenant tag, from single-cardinality categories',
  severity: 'error',
  rises: false,
  rationale:
    'vCenter operators, backup and DR tooling see tags, not Terraform: the classification tag is how they know which data a VM holds and the tenant tag whose it is. ' +
    'Both categories declare cardinality SINGLE so that vCenter itself refuses a second classification or owner on the same object; a category looked up instead of declared by the stack has a cardinality nobody here can see.',
  fix: 'attach the tenant tags to the VM (TenantTags creates <tenant>-classification and <tenant>-tenant categories with cardinality SINGLE, and their tags)',
  sources: [standard('SecNumCloud 3.2, 9.7.a, 13.2.a'), standard('vSphere provider docs (tag, tag_category: cardinality; virtual_machine: tags)')],
  examines: [VM, TAG, CATEGORY, `data.${TAG}`, `data.${CATEGORY}`],
  check(ctx) {
    const out: StackFinding[] = [];
    const judgedCategories = new Set<string>();
    for (const vm of ctx.doc.resources.filter((b) => b.type === VM)) {
      // Tag ids are known only after apply in a plan: nothing to resolve there.
      if ([...vm.unknown].some((p) => p === 'tags' || p.startsWith('tags.'))) continue;
      const carried = carriedTags(ctx, vm);
      for (const { suffix, expected, what } of LABELS) {
        const want = expected(ctx);
        const allowed = `exactly one tag "${want}" of a category named "...${suffix}" (TenantTags: "${ctx.tenant}${suffix}") with cardinality SINGLE`;
        const matching = carried.filter((c) => literalName(c.category)?.endsWith(suffix));
        const shown = (cs: CarriedTag[]) => cs.map((c) => `"${literalName(c.tag) ?? c.tag.address}" of category "${literalName(c.category)}"`).join(', ');
        if (matching.length === 0) {
          const found = vm.values.tags === undefined ? `VM ${label(vm)} has no tags` : `VM ${label(vm)} has no tag of a ${what} category (a category named "...${suffix}")`;
          out.push(stackFinding(this, ctx, vm, { attribute: 'tags', found, allowed }));
          continue;
        }
        if (matching.length > 1) {
          out.push(stackFinding(this, ctx, vm, { attribute: 'tags', found: `VM ${label(vm)} has ${matching.length} ${what} tags: ${shown(matching)}`, allowed }));
        } else {
          const name = literalName(matching[0].tag);
          if (name !== undefined && name !== want && !matching[0].tag.unknown.has('name')) {
            out.push(stackFinding(this, ctx, vm, { attribute: 'tags', found: `VM ${label(vm)} is tagged ${what} "${name}" (${matching[0].tag.address}), but tenant ${ctx.tenant} has ${what} "${want}"`, allowed }));
          }
        }
        for (const category of matching.map((c) => c.category!)) {
          if (judgedCategories.has(category.address)) continue;
          judgedCategories.add(category.address);
          if (category.kind === 'data') {
            out.push(stackFinding(this, ctx, category, { found: `${what} category "${literalName(category)}" is looked up, not declared by this stack: its cardinality cannot be checked`, allowed: `a ${CATEGORY} of the stack with cardinality = "SINGLE"` }));
          } else if (!category.unknown.has('cardinality') && category.values.cardinality !== 'SINGLE') {
            out.push(
              stackFinding(this, ctx, category, {
                attribute: 'cardinality',
                found: `${what} category "${literalName(category)}" has cardinality ${JSON.stringify(category.values.cardinality ?? null)}: an object may carry several ${what} tags`,
                allowed: 'cardinality = "SINGLE"',
              }),
            );
          }
        }
      }
    }
    return out;
  },
};
