import { SUP_01, SUPPLY_CHAIN_RULES } from '../../../policy/terraform/rules/supply-chain-rules';
import { examples, exampleStack } from './stack-fixtures';

const run = (json: unknown, tenant = 'dsp-ng') => SUP_01.check(exampleStack(tenant).context(json));

describe('supply-chain rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find nothing wrong in the %s example', (tenant) => {
    const ctx = exampleStack(tenant).context();
    expect(SUPPLY_CHAIN_RULES.flatMap((rule) => rule.check(ctx))).toEqual([]);
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
