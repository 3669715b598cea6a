import { fromPlanJson } from '../../../policy/terraform/plan-reader';

/**
 * Keys of a plan JSON are input: a provider named `__proto__`, or an `__proto__` attribute in the sensitive or
 * unknown markers, must stay data of that plan and never change what every object of the process inherits.
 */
const RESOURCE = { address: 'vsphere_folder.f', mode: 'managed', type: 'vsphere_folder', name: 'f', provider_name: 'registry.terraform.io/hashicorp/vsphere' };

function plan(extra: { sensitive?: unknown; unknown?: unknown; providerName?: string; expressions?: unknown }): unknown {
  return JSON.parse(
    JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.0',
      planned_values: { root_module: { resources: [{ ...RESOURCE, values: { path: 'x' }, sensitive_values: extra.sensitive ?? {} }] } },
      resource_changes: [{ ...RESOURCE, change: { actions: ['create'], before: null, after: { path: 'x' }, after_unknown: extra.unknown ?? {}, before_sensitive: false, after_sensitive: {} } }],
      configuration: {
        provider_config: { p: { name: extra.providerName ?? 'vsphere', full_name: 'registry.terraform.io/evil/x', version_constraint: '1.0', expressions: extra.expressions ?? {} } },
        root_module: {},
      },
    }).replace(/"PROTO"/g, '"__proto__"'),
  );
}

/**
 * Which of the names a hostile plan writes every object now inherits. The reader copies values with
 * structuredClone, whose objects belong to the host realm, which under jest is not the test's: both are asked.
 */
const NAMES = ['source', 'version', 'polluted', 'x'];
const prototypes = () => [Object.prototype, Object.getPrototypeOf(structuredClone({}))] as Record<string, unknown>[];
const inherited = () => NAMES.filter((k) => prototypes().some((p) => k in p));

afterEach(() => {
  for (const p of prototypes()) for (const k of NAMES) delete p[k];
});

describe('fromPlanJson on hostile keys', () => {
  it('keeps a provider named __proto__ as an entry of the plan, not of every object', () => {
    const doc = fromPlanJson(plan({ providerName: 'PROTO' }), 'plan.json', 't');
    expect(inherited()).toEqual([]);
    expect(Object.getOwnPropertyNames(doc.requiredProviders)).toContain('__proto__');
  });

  it('redacts a sensitive attribute named __proto__ inside the block, not in Object.prototype', () => {
    fromPlanJson(plan({ sensitive: { PROTO: { x: true } } }), 'plan.json', 't');
    expect(inherited()).toEqual([]);
  });

  it('keeps a provider argument named __proto__ as data of the provider', () => {
    const doc = fromPlanJson(plan({ expressions: { PROTO: { constant_value: 'v' } } }), 'plan.json', 't');
    const values = doc.providers[0].values;
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(values, '__proto__')?.value).toBe('v');
  });
});
