import { RES_09, TAGGING_RULES } from '../../../policy/stack-rules/res/RES-09';
import type { StackRule } from '../../../policy/stack-rules/stack-rule';
import { examples, exampleStack } from './stack-fixtures';

const run = (rule: StackRule, json: unknown, tenant = 'dsp-ng') => rule.check(exampleStack(tenant).context(json));

/** The address and JSON of the first resource of `type` whose `name` attribute is `name`. */
function named(json: any, type: string, name: string): { address: string; key: string; r: any } {
  const [key, r] = Object.entries(json.resource[type]).find(([, v]: [string, any]) => v.name === name) as [string, any];
  return { address: `${type}.${key}`, key, r };
}

/** The reference to the tag of `category` (`classification`, `tenant`, `site`) that the toolkit attaches to every VM. */
const tagRef = (json: any, category: string) => {
  const [key] = Object.entries(json.resource.vsphere_tag).find(([k]) => k.startsWith(`tenant_tags_${category}-tag`)) as [string, any];
  return `\${vsphere_tag.${key}.id}`;
};

describe('tagging rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find nothing wrong in the %s example', (tenant) => {
    const ctx = exampleStack(tenant).context();
    expect(TAGGING_RULES.flatMap((rule) => rule.check(ctx))).toEqual([]);
  });
});

describe('RES-09 classification and tenant tags', () => {
  it('refuses a VM without its classification tag', () => {
    const { json } = exampleStack();
    const vm = named(json, 'vsphere_virtual_machine', 'dsp-ng-db-01');
    vm.r.tags = vm.r.tags.filter((t: string) => t !== tagRef(json, 'classification'));
    const [f, ...rest] = run(RES_09, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'RES-09', resource: vm.address, attribute: 'tags', severity: 'error', constructPath: 'dsp-ng/tenant/compute/dsp-ng-db-01' });
    expect(f.found).toBe('VM "dsp-ng-db-01" has no tag of a classification category (a category named "...-classification")');
    expect(f.allowed).toBe('exactly one tag "health" of a category named "...-classification" (TenantTags: "dsp-ng-classification") with cardinality SINGLE');
  });
  it('refuses a VM with no tags at all, once for each missing tag', () => {
    const { json } = exampleStack('mfin-internal');
    delete named(json, 'vsphere_virtual_machine', 'mfin-internal-web-01').r.tags;
    const findings = run(RES_09, json, 'mfin-internal');
    expect(findings.map((f) => f.found)).toEqual(['VM "mfin-internal-web-01" has no tags', 'VM "mfin-internal-web-01" has no tags']);
    expect(findings[0].allowed).toContain('exactly one tag "internal" of a category named "...-classification"');
    expect(findings[1].allowed).toContain('exactly one tag "mfin-internal" of a category named "...-tenant"');
  });
  it('refuses a classification tag that names another classification', () => {
    const { json } = exampleStack();
    named(json, 'vsphere_tag', 'health').r.name = 'internal';
    const findings = run(RES_09, json);
    expect(findings.length).toBe(5); // every dsp-ng VM
    expect(findings[0].found).toContain('is tagged classification "internal"');
    expect(findings[0].found).toContain('but tenant dsp-ng has classification "health"');
  });
  it('refuses two classification tags on one VM', () => {
    const { json } = exampleStack();
    json.resource.vsphere_tag.extra = { name: 'public', category_id: named(json, 'vsphere_tag', 'health').r.category_id };
    const vm = named(json, 'vsphere_virtual_machine', 'dsp-ng-app-01');
    vm.r.tags.push('${vsphere_tag.extra.id}');
    const [f] = run(RES_09, json);
    expect(f).toMatchObject({ resource: vm.address, attribute: 'tags' });
    expect(f.found).toContain('has 2 classification tags: "health" of category "dsp-ng-classification", "public" of category "dsp-ng-classification"');
  });
  it('refuses a tenant category that allows several tags per object', () => {
    const { json } = exampleStack('lih-research');
    const category = named(json, 'vsphere_tag_category', 'lih-research-tenant');
    category.r.cardinality = 'MULTIPLE';
    const [f, ...rest] = run(RES_09, json, 'lih-research');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ resource: category.address, attribute: 'cardinality', severity: 'error' });
    expect(f.found).toBe('tenant category "lih-research-tenant" has cardinality "MULTIPLE": an object may carry several tenant tags');
    expect(f.allowed).toBe('cardinality = "SINGLE"');
  });
  it('refuses a classification category looked up rather than declared', () => {
    const { json } = exampleStack('enclave-analytics');
    json.data.vsphere_tag_category = { shared: { name: 'govcloud-classification' } };
    json.data.vsphere_tag = { classified: { name: 'classified', category_id: '${data.vsphere_tag_category.shared.id}' } };
    const vm = Object.values(json.resource.vsphere_virtual_machine)[0] as any;
    vm.tags = [tagRef(json, 'tenant'), '${data.vsphere_tag.classified.id}'];
    const [f] = run(RES_09, json, 'enclave-analytics');
    expect(f).toMatchObject({ resource: 'data.vsphere_tag_category.shared', severity: 'error' });
    expect(f.found).toContain('is looked up, not declared by this stack');
  });
  it('stays quiet on a plan whose tag ids are known only after apply', () => {
    const { json, context } = exampleStack();
    delete named(json, 'vsphere_virtual_machine', 'dsp-ng-app-01').r.tags;
    const ctx = context(json);
    const vm = ctx.doc.resources.find((b) => b.values.name === 'dsp-ng-app-01')!;
    (vm.unknown as Set<string>).add('tags');
    expect(RES_09.check(ctx)).toEqual([]);
  });
  it('stays quiet on VMs carrying the toolkit tags', () => {
    expect(run(RES_09, exampleStack().json)).toEqual([]);
  });
});
