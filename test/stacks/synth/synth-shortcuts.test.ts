import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformOutput, Testing, Token } from 'cdktf';
import { loadConfig } from '../../../loader/load-config';
import { synthesizeTenants } from '../../../stacks/synth';
import { forgettingTokens, isPlainTokenFree } from '../../../stacks/synth/synth-shortcuts';
import { TenantStack } from '../../../stacks/tenant-stack';
import { ToolkitStack } from '../../../stacks/toolkit-stack';
import { exampleSynthOutput } from '../example-synth';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shortcuts-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The example tenant dsp-ng as a stack in its own App. */
function dspStack(): TenantStack {
  const config = loadConfig('config');
  const t = config.tenants.find((x) => x.spec.name === 'dsp-ng')!;
  return new TenantStack(Testing.app(), {
    spec: t.spec,
    site: config.sites.get(t.spec.site)!,
    classification: config.classifications.get(t.spec.classification)!,
    catalogue: [...config.sites.values()],
  });
}

describe('synthesis shortcuts', () => {
  it('leave every stack of the example config byte-identical to cdktf full resolve passes', () => {
    const fast = exampleSynthOutput(path.join(root, 'fast'));
    // A stack per tenant, and one per site in use.
    const config = loadConfig('config');
    expect(Object.keys(fast).filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(
      config.tenants.length + config.tenants.filter((t) => t.spec.recovery).length + new Set(config.tenants.flatMap((t) => [t.spec.site, ...(t.spec.recovery ? [t.spec.recovery.site] : [])])).size,
    );
    expect(fast).toEqual(exampleSynthOutput(path.join(root, 'full'), { GOVCLOUD_CDKTF_FULL_RESOLVE: '1' }));
  });

  it('still resolve a token that an override of the stack holds', () => {
    const stack = dspStack();
    stack.shortcuts = true;
    const vm = stack.tenant.compute.machines[0];
    stack.addOverride('output.first_vm.value', vm.id);
    const json = JSON.parse(Testing.synth(stack)) as { output: { first_vm: { value: string } } };
    expect(json.output.first_vm.value).toMatch(/^\$\{vsphere_virtual_machine\.[\w-]+\.id\}$/);
  });

  it('give the same document with and without, for a stack built by the toolkit', () => {
    const a = dspStack();
    const b = dspStack();
    b.shortcuts = true;
    expect(Testing.synth(b)).toBe(Testing.synth(a));
  });

  it('are not taken for stacks that customize hooks added code to', () => {
    const seen: TenantStack[] = [];
    synthesizeTenants(loadConfig('config'), { outDir: path.join(root, 'customized'), customize: (s) => seen.push(s) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.shortcuts === false)).toBe(true);
  });

  it('are taken by the recovery stacks as by the tenant stacks without a customize hook, and by none with one', () => {
    const seen = (customize?: (s: TenantStack) => void) => {
      const flags: Record<string, boolean> = {};
      const original = ToolkitStack.prototype.toTerraform;
      const spy = jest.spyOn(ToolkitStack.prototype, 'toTerraform').mockImplementation(function (this: ToolkitStack) {
        flags[this.node.id] = this.shortcuts;
        return original.call(this) as unknown;
      });
      try {
        synthesizeTenants(loadConfig('config'), { outDir: path.join(root, `flags-${customize ? 'hook' : 'plain'}`), customize });
      } finally {
        spy.mockRestore();
      }
      return flags;
    };
    const plain = seen();
    expect(plain['dsp-ng-recovery']).toBe(true);
    expect(Object.values(plain).every(Boolean)).toBe(true);
    const hooked = seen(() => undefined);
    expect(hooked['dsp-ng-recovery']).toBe(false);
    expect(Object.values(hooked).some(Boolean)).toBe(false);
  });

  it('tell plain data from data holding tokens or objects with behaviour', () => {
    expect(isPlainTokenFree({ terraform: { required_providers: { vsphere: { version: '2.15.0' } } }, n: [1, true, null] })).toBe(true);
    expect(isPlainTokenFree({ a: Token.asString({ resolve: () => 'x' }) })).toBe(false);
    expect(isPlainTokenFree({ a: [Token.asNumber({ resolve: () => 1 })] })).toBe(false);
    expect(isPlainTokenFree({ a: new (class Endpoint { url = 'x'; })() })).toBe(false);
    expect(isPlainTokenFree({ a: undefined })).toBe(false);
  });
});

describe('forgettingTokens', () => {
  const registry = () => (globalThis as { __cdktfTokenMap?: { stringTokenMap: Map<string, unknown> } }).__cdktfTokenMap!.stringTokenMap;

  it('forgets the tokens a synthesis registered and keeps those that existed before', () => {
    // synthesizeTenants forgets its own tokens already; a stack synthesized here registers them for this test.
    const before = Token.asString({ resolve: () => 'kept' });
    const size = registry().size;
    const made = forgettingTokens(() => {
      Testing.synth(dspStack());
      return registry().size;
    });
    expect(made).toBeGreaterThan(size);
    expect(registry().size).toBe(size);
    expect(Testing.synthScope((s) => void new TerraformOutput(s, 'o', { value: before }))).toContain('"kept"');
  });
});
