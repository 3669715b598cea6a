import { SUP_01, SUP_03 } from '../../../policy/stack-rules/sup';
import { fromPlanJson } from '../../../policy/terraform/plan-reader';
import { examples, exampleStack, family } from './stack-fixtures';

const run = (json: unknown, tenant = 'dsp-ng') => SUP_01.check(exampleStack(tenant).context(json));

describe('supply-chain rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find nothing wrong in the %s example', (tenant) => {
    const ctx = exampleStack(tenant).context();
    expect(family('SUP').flatMap((rule) => rule.check(ctx))).toEqual([]);
  });
});

describe('SUP-01 pinned providers from allowed registries', () => {
  it('refuses a version range', () => {
    const { json } = exampleStack();
    json.terraform.required_providers.vault.version = '~> 5.6';
    const [f, ...rest] = run(json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'SUP-01', resource: 'terraform.required_providers', attribute: 'vault.version', severity: 'error' });
    expect(f.found).toBe('provider vault has version "~> 5.6", a range');
    expect(f.allowed).toBe('one exact version, "x.y.z" or "= x.y.z"');
  });
  it('refuses a provider without version or source', () => {
    const { json } = exampleStack();
    json.terraform.required_providers.vsphere = {};
    expect(run(json).map((f) => [f.attribute, f.found])).toEqual([
      ['vsphere.version', 'provider vsphere has no version: terraform init takes the newest release'],
      ['vsphere.source', 'provider vsphere has no source: Terraform assumes hashicorp/vsphere'],
    ]);
  });
  it('refuses a provider from a registry the site may not reach', () => {
    const { json } = exampleStack();
    json.terraform.required_providers.vault.source = 'registry.example.com/hashicorp/vault';
    const [f] = run(json);
    expect(f).toMatchObject({ attribute: 'vault.source', found: 'provider vault comes from registry.example.com, which is neither the public registry nor a host site ctie-govcloud-1 may reach' });
    expect(f.allowed).toBe('a source on registry.terraform.io, mirror.ctie.lu, or a host under govcloud.ctie.lu');
  });
  it("refuses the connected sites' mirror inside the enclave, and says how providers get there", () => {
    const { json } = exampleStack('enclave-analytics');
    json.terraform.required_providers.vault.source = 'mirror.ctie.lu/hashicorp/vault';
    const [f] = run(json, 'enclave-analytics');
    expect(f.attribute).toBe('vault.source');
    expect(f.fix).toContain('filesystem mirror');
  });
  it('stays quiet on "= x.y.z" and on a registry host in the site', () => {
    const { json } = exampleStack();
    json.terraform.required_providers.vault = { source: 'registry.govcloud.ctie.lu/hashicorp/vault', version: '= 5.6.0' };
    expect(run(json)).toEqual([]);
  });
});

describe('SUP-03 module sources', () => {
  const COMMIT = '0123456789abcdef0123456789abcdef01234567';
  const modules = (tenant: string, module: Record<string, unknown>) => {
    const { json, context } = exampleStack(tenant);
    (json as { module?: unknown }).module = module;
    return SUP_03.check(context(json)).map((f) => `${f.resource} ${f.severity} ${f.found}`);
  };

  it('stays quiet on a vendored module and on git on the site host at a commit', () => {
    expect(modules('dsp-ng', { vendored: { source: './modules/app' }, pinned: { source: `git::https://git.govcloud.ctie.lu/platform/net.git?ref=${COMMIT}` } })).toEqual([]);
  });

  it('warns of a registry module, an error where warnings are errors (health)', () => {
    expect(modules('mfin-internal', { vpc: { source: 'terraform-aws-modules/vpc/aws', version: '5.1.0' } })).toEqual([
      'module.vpc warning module vpc comes from the registry (terraform-aws-modules/vpc/aws, version 5.1.0), which no lock file records',
    ]);
    expect(modules('dsp-ng', { vpc: { source: 'terraform-aws-modules/vpc/aws' } })[0]).toMatch(/^module\.vpc error /);
  });

  it('refuses a registry module in an air-gapped classification', () => {
    const [f] = modules('enclave-analytics', { base: { source: 'registry.terraform.io/acme/base/vsphere', version: '1.0.0' } });
    expect(f).toMatch(/^module\.base error module base comes from the registry/);
  });

  it('names a git source on a host the site may not reach, and one on a branch instead of a commit', () => {
    expect(modules('mfin-internal', { a: { source: 'git::https://github.com/acme/net.git?ref=main' }, b: { source: 'git@git.colo-bissen.lux.example:platform/net.git' } })).toEqual([
      'module.a warning module a comes from git (git::https://github.com/acme/net.git?ref=main): github.com is not a host site lu-colo-1 may reach; it is not pinned to a commit (?ref=<40-hex commit id>)',
      'module.b warning module b comes from git (git@git.colo-bissen.lux.example:platform/net.git): it is not pinned to a commit (?ref=<40-hex commit id>)',
    ]);
  });

  it('warns of an archive downloaded over https', () => {
    expect(modules('mfin-internal', { zip: { source: 'https://example.com/net.zip' } })).toEqual([
      'module.zip warning module zip comes from https://example.com/net.zip, neither a local path nor a pinned git commit',
    ]);
  });

  it('reads the module calls of a plan, with their version constraints', () => {
    const doc = fromPlanJson(
      { format_version: '1.2', planned_values: { root_module: {} }, configuration: { root_module: { module_calls: { vpc: { source: 'terraform-aws-modules/vpc/aws', version_constraint: '5.1.0' } } } } },
      'plan.json',
      'dsp-ng',
    );
    expect(doc.moduleCalls).toEqual([{ name: 'vpc', source: 'terraform-aws-modules/vpc/aws', version: '5.1.0' }]);
  });
});
