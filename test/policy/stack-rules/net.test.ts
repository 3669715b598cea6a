import { NET_01 } from '../../../policy/stack-rules/net/NET-01';
import { NET_02 } from '../../../policy/stack-rules/net/NET-02';
import { NET_03 } from '../../../policy/stack-rules/net/NET-03';
import { NET_04 } from '../../../policy/stack-rules/net/NET-04';
import { NET_05 } from '../../../policy/stack-rules/net/NET-05';
import { NET_06 } from '../../../policy/stack-rules/net/NET-06';
import { NET_07 } from '../../../policy/stack-rules/net/NET-07';
import { NET_08 } from '../../../policy/stack-rules/net/NET-08';
import { examples, exampleStack, family, run } from './stack-fixtures';

/** The address and JSON of the first resource of `type` (or the one whose `name` attribute is `name`). */
function first(json: any, type: string, name?: string): { address: string; r: any } {
  const [key, r] = Object.entries(json.resource[type] ?? {}).find(([, v]: [string, any]) => name === undefined || v.name === name) as [string, any];
  return { address: `${type}.${key}`, r };
}

/** Adds a content library to a stack's JSON and returns its address. */
function addLibrary(json: any, block: Record<string, unknown>): string {
  json.resource.vsphere_content_library = { extra: { name: 'extra-library', storage_backing: ['${data.vsphere_datastore.x.id}'], ...block } };
  return 'vsphere_content_library.extra';
}

describe('network rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find nothing wrong in the %s example', (tenant) => {
    const ctx = exampleStack(tenant).context();
    expect(family('NET').flatMap((rule) => rule.check(ctx))).toEqual([]);
  });
});

describe('NET-01 content library subscriptions', () => {
  it('refuses a health library subscribed to a vendor host outside the site', () => {
    const { json } = exampleStack();
    const address = addLibrary(json, { subscription: { subscription_url: 'https://templates.vendor.example/lib.json', automatic_sync: true } });
    const [f, ...rest] = run(NET_01, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'NET-01', resource: address, attribute: 'subscription.subscription_url', severity: 'error' });
    expect(f.found).toBe('content library "extra-library" subscribes to templates.vendor.example (not a host of any registered site)');
    expect(f.allowed).toBe('a host of site ctie-govcloud-1 (under govcloud.ctie.lu) or an allowed egress host of the site (mirror.ctie.lu)');
  });
  it('names the site of a registered foreign host', () => {
    const { json } = exampleStack();
    addLibrary(json, { subscription: [{ subscription_url: 'https://vcenter.fra1.forschungscloud.example/cls/vcsp/lib/1/lib.json' }] });
    const [f] = run(NET_01, json);
    expect(f.attribute).toBe('subscription.0.subscription_url');
    expect(f.found).toContain('(site research-de-1, DE)');
  });
  it("refuses a subscription outside the enclave in an air-gapped classification, even to the site's allowed egress host", () => {
    const { json } = exampleStack('enclave-analytics');
    addLibrary(json, { subscription: { subscription_url: 'https://mirror.ctie.lu/cls/vcsp/lib/1/lib.json' } });
    const [f] = run(NET_01, json, 'enclave-analytics');
    expect(f).toMatchObject({ ruleId: 'NET-01', severity: 'error', attribute: 'subscription.subscription_url' });
    expect(f.found).toBe('content library "extra-library" subscribes to "https://mirror.ctie.lu/cls/vcsp/lib/1/lib.json", at mirror.ctie.lu (not a host of any registered site)');
    expect(f.allowed).toContain('a publisher inside the enclave lu-enclave-1 (under enclave.internal): classification classified is air-gapped');
  });
  it("stays quiet on an air-gapped tenant's subscription to the enclave's own publisher", () => {
    const { json } = exampleStack('enclave-analytics');
    addLibrary(json, { subscription: { subscription_url: 'https://vcenter.enclave.internal/cls/vcsp/lib/1/lib.json' } });
    expect(run(NET_01, json, 'enclave-analytics')).toEqual([]);
  });
  it('stays quiet on a subscription to an allowed egress host of a connected site', () => {
    const { json } = exampleStack();
    addLibrary(json, { subscription: { subscription_url: 'https://mirror.ctie.lu/cls/lib.json' } });
    expect(run(NET_01, json)).toEqual([]);
  });
  it('stays quiet on a subscription URL known only after apply', () => {
    const { json, context } = exampleStack();
    addLibrary(json, { subscription: { subscription_url: 'https://templates.vendor.example/lib.json' } });
    const ctx = context(json);
    const library = ctx.doc.resources.find((b) => b.type === 'vsphere_content_library')!;
    (library.unknown as Set<string>).add('subscription.subscription_url');
    expect(NET_01.check(ctx)).toEqual([]);
  });
});

describe('NET-02 remote artefact URLs', () => {
  it('refuses a VM deployed from an OVF on a vendor host', () => {
    const { json } = exampleStack('mfin-internal');
    const vm = first(json, 'vsphere_virtual_machine');
    vm.r.ovf_deploy = { remote_ovf_url: 'https://downloads.vendor.example/appliance.ova' };
    const [f] = run(NET_02, json, 'mfin-internal');
    expect(f).toMatchObject({ ruleId: 'NET-02', resource: vm.address, attribute: 'ovf_deploy.remote_ovf_url', severity: 'error' });
    expect(f.found).toContain('downloads from downloads.vendor.example (not a host of any registered site)');
    expect(f.allowed).toContain('under colo-bissen.lux.example');
  });
  it('refuses an OVF template data source read from another site', () => {
    const { json } = exampleStack('lih-research');
    json.data.vsphere_ovf_vm_template = { appliance: { name: 'appliance', remote_ovf_url: 'https://images.govcloud.ctie.lu/a.ova', host_system_id: 'host-1', resource_pool_id: 'rp-1' } };
    const [f] = run(NET_02, json, 'lih-research');
    expect(f).toMatchObject({ resource: 'data.vsphere_ovf_vm_template.appliance', attribute: 'remote_ovf_url' });
    expect(f.found).toContain('(site ctie-govcloud-1, LU)');
  });
  it('refuses a download from outside the enclave in an air-gapped classification, and allows one from inside', () => {
    const { json } = exampleStack('enclave-analytics');
    json.resource.vsphere_content_library_item = {
      outside: { name: 'tool', library_id: 'lib-1', file_url: 'https://files.vendor.example.com/tool.ova' },
      inside: { name: 'tool2', library_id: 'lib-1', file_url: 'https://files.enclave.internal/tool.ova' },
    };
    const findings = run(NET_02, json, 'enclave-analytics');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ resource: 'vsphere_content_library_item.outside', attribute: 'file_url', severity: 'error' });
    expect(findings[0].allowed).toContain('a host inside the enclave lu-enclave-1 (under enclave.internal): classification classified is air-gapped');
  });
  it('stays quiet on a local file and on a download from the site mirror', () => {
    const { json } = exampleStack();
    json.resource.vsphere_content_library_item = { item: { name: 'tool', library_id: 'lib-1', file_url: '/srv/images/tool.ova' } };
    first(json, 'vsphere_virtual_machine').r.ovf_deploy = { remote_ovf_url: 'https://mirror.ctie.lu/images/appliance.ova' };
    expect(run(NET_02, json)).toEqual([]);
  });
});

describe('NET-03 published content libraries', () => {
  it('refuses a health library published without authentication (the provider default)', () => {
    const { json } = exampleStack();
    const address = addLibrary(json, { publication: { published: true } });
    const [f] = run(NET_03, json);
    expect(f).toMatchObject({ ruleId: 'NET-03', resource: address, attribute: 'publication.authentication_method', severity: 'error' });
    expect(f.found).toContain('authentication_method NONE (the default)');
    expect(f.allowed).toBe('authentication_method = "BASIC" for classification health; no authentication only for public and internal data');
  });
  it('stays quiet on a library published with basic authentication', () => {
    const { json } = exampleStack();
    addLibrary(json, { publication: { published: true, authentication_method: 'BASIC', username: 'sub', password: '${var.library_password}' } });
    expect(run(NET_03, json)).toEqual([]);
  });
  it('stays quiet on an internal library published without authentication', () => {
    const { json } = exampleStack('mfin-internal');
    addLibrary(json, { publication: { published: true, authentication_method: 'NONE' } });
    expect(run(NET_03, json, 'mfin-internal')).toEqual([]);
  });
});

describe('NET-04 VM networks', () => {
  it('refuses a VM on an existing shared network looked up by name', () => {
    const { json } = exampleStack();
    json.data.vsphere_network = { shared: { name: 'shared-mgmt', datacenter_id: '${data.vsphere_datacenter.x.id}' } };
    const vm = first(json, 'vsphere_virtual_machine', 'dsp-ng-db-02');
    vm.r.network_interface.push({ network_id: '${data.vsphere_network.shared.id}' });
    const [f, ...rest] = run(NET_04, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'NET-04', resource: vm.address, attribute: 'network_interface.1.network_id', severity: 'error' });
    expect(f.found).toBe('VM "dsp-ng-db-02": network_id is the existing network "shared-mgmt" (data.vsphere_network.shared), which other tenants may share');
    expect(f.allowed).toContain("created by tenant dsp-ng's stack");
  });
  it('refuses a bare network id', () => {
    const { json } = exampleStack('lih-research');
    first(json, 'vsphere_virtual_machine').r.network_interface[0].network_id = 'dvportgroup-42';
    expect(run(NET_04, json, 'lih-research')[0].found).toContain('"dvportgroup-42" is a bare id');
  });
  it('stays quiet on VMs on the tenant port group', () => {
    expect(run(NET_04, exampleStack().json)).toEqual([]);
  });
  it('follows a reference to an instance of a counted port group, and names the instance when it leads elsewhere', () => {
    const { json } = exampleStack();
    const pg = first(json, 'vsphere_distributed_port_group');
    pg.r.count = 2;
    const vm = first(json, 'vsphere_virtual_machine', 'dsp-ng-db-02');
    vm.r.network_interface[0].network_id = `\${${pg.address}[1].id}`;
    expect(run(NET_04, json)).toEqual([]);
    json.data.vsphere_network = { shared: { name: 'shared-mgmt', count: 2 } };
    vm.r.network_interface[0].network_id = '${data.vsphere_network.shared[0].id}';
    expect(run(NET_04, json)[0].found).toBe('VM "dsp-ng-db-02": network_id is the existing network "shared-mgmt" (data.vsphere_network.shared[0]), which other tenants may share');
  });
});

describe('NET-05 port group hardening', () => {
  it('is an error for promiscuous mode on a health port group', () => {
    const { json } = exampleStack();
    const pg = first(json, 'vsphere_distributed_port_group');
    pg.r.allow_promiscuous = true;
    const [f] = run(NET_05, json);
    expect(f).toMatchObject({ ruleId: 'NET-05', resource: pg.address, attribute: 'allow_promiscuous', severity: 'error' });
    expect(f.found).toContain('promiscuous mode lets a VM read every frame');
    expect(f.allowed).toBe('allow_promiscuous = false');
  });
  it('is a warning for a VLAN trunk on an internal port group', () => {
    const { json } = exampleStack('mfin-internal');
    const pg = first(json, 'vsphere_distributed_port_group');
    delete pg.r.vlan_id;
    pg.r.vlan_range = [{ min_vlan: 100, max_vlan: 199 }];
    const [f] = run(NET_05, json, 'mfin-internal');
    expect(f).toMatchObject({ resource: pg.address, attribute: 'vlan_range', severity: 'warning' });
    expect(f.found).toContain('trunks VLANs 100-199');
  });
  it('flags forged transmits and MAC changes on a distributed switch of the stack', () => {
    const { json } = exampleStack();
    json.resource.vsphere_distributed_virtual_switch = { dvs: { name: 'tenant-dvs', datacenter_id: 'dc-1', allow_forged_transmits: true, allow_mac_changes: true } };
    expect(run(NET_05, json).map((f) => f.attribute)).toEqual(['allow_forged_transmits', 'allow_mac_changes']);
  });
  it('stays quiet on the tenant port group with every option off', () => {
    expect(run(NET_05, exampleStack().json)).toEqual([]);
  });
});

describe('NET-06 no outside URL in an air-gapped classification', () => {
  it('refuses a JWT backend that discovers an issuer outside the enclave', () => {
    const { json } = exampleStack('enclave-analytics');
    json.resource.vault_jwt_auth_backend = { ci: { path: 'jwt', oidc_discovery_url: 'https://gitlab.com', bound_issuer: 'https://gitlab.com' } };
    const findings = run(NET_06, json, 'enclave-analytics');
    expect(findings.map((f) => [f.ruleId, f.resource, f.attribute, f.severity])).toEqual([
      ['NET-06', 'vault_jwt_auth_backend.ci', 'oidc_discovery_url', 'error'],
      ['NET-06', 'vault_jwt_auth_backend.ci', 'bound_issuer', 'error'],
    ]);
    expect(findings[0].found).toBe('vault_jwt_auth_backend "ci" names https://gitlab.com, at gitlab.com (not a host of any registered site)');
    expect(findings[0].allowed).toContain('hosts of the enclave lu-enclave-1 only (under enclave.internal)');
  });
  it('finds a go-getter git URL inside a longer string of a nested attribute', () => {
    const { json } = exampleStack('enclave-analytics');
    const vm = first(json, 'vsphere_virtual_machine');
    vm.r.extra_config = { 'guestinfo.bootstrap': 'curl -s; terraform get git::https://github.com/acme/bootstrap.git?ref=abc123' };
    const [f] = run(NET_06, json, 'enclave-analytics');
    expect(f).toMatchObject({ resource: vm.address, attribute: 'extra_config.guestinfo.bootstrap' });
    expect(f.found).toContain('at github.com');
  });
  it('leaves the provider endpoints to NET-08 and reads the rest of a provider block', () => {
    const { json } = exampleStack('enclave-analytics');
    json.provider.vault[0].address = 'https://vault.govcloud.ctie.lu:8200';
    expect(run(NET_06, json, 'enclave-analytics')).toEqual([]);
    json.provider.vault[0].auth_login = { path: 'auth/oidc/login', parameters: { issuer: 'https://login.microsoftonline.com/tenant' } };
    const [f] = run(NET_06, json, 'enclave-analytics');
    expect(f).toMatchObject({ resource: 'provider.vault', attribute: 'auth_login.parameters.issuer' });
  });
  it('leaves subscription and download URLs to NET-01 and NET-02', () => {
    const { json } = exampleStack('enclave-analytics');
    addLibrary(json, { subscription: { subscription_url: 'https://templates.vendor.example/lib.json' } });
    expect(run(NET_06, json, 'enclave-analytics')).toEqual([]);
    expect(run(NET_01, json, 'enclave-analytics')).toHaveLength(1);
  });
  it('stays quiet on URLs of the enclave and on URLs whose host is a variable', () => {
    const { json } = exampleStack('enclave-analytics');
    json.resource.vault_jwt_auth_backend = { ci: { path: 'jwt', oidc_discovery_url: 'https://gitlab.enclave.internal', jwks_url: 'https://${var.ci_host}/oauth/discovery/keys' } };
    expect(run(NET_06, json, 'enclave-analytics')).toEqual([]);
  });
  it('stays quiet on a connected classification', () => {
    const { json } = exampleStack();
    json.resource.vault_jwt_auth_backend = { ci: { path: 'jwt', oidc_discovery_url: 'https://gitlab.com' } };
    expect(run(NET_06, json)).toEqual([]);
  });
});

describe('NET-07 guest DNS and NTP servers in an air-gapped classification', () => {
  it("stays quiet on the enclave example, whose servers are in the site's infrastructure network and domain", () => {
    expect(run(NET_07, exampleStack('enclave-analytics').json, 'enclave-analytics')).toEqual([]);
  });
  it('refuses a DNS server and an NTP server outside the enclave added to a VM in code', () => {
    const { json } = exampleStack('enclave-analytics');
    const vm = first(json, 'vsphere_virtual_machine');
    vm.r.clone.customize.dns_server_list = ['10.99.0.53', '8.8.8.8'];
    vm.r.extra_config = { 'guestinfo.govcloud.ntp-servers': 'ntp.enclave.internal,time.google.com' };
    const findings = run(NET_07, json, 'enclave-analytics');
    expect(findings.map((f) => [f.resource, f.attribute])).toEqual([
      [vm.address, 'clone.customize.dns_server_list.1'],
      [vm.address, 'extra_config.guestinfo.govcloud.ntp-servers'],
    ]);
    expect(findings[0].found).toContain("uses DNS server 8.8.8.8 is in none of the enclave's networks (10.99.0.0/24)");
    expect(findings[1].found).toContain('time.google.com is a host of no registered site');
  });
  it('accepts an address in the tenant network when the context knows it', () => {
    const stack = exampleStack('enclave-analytics');
    const vm = first(stack.json, 'vsphere_virtual_machine');
    vm.r.clone.customize.dns_server_list = ['10.90.0.53'];
    expect(NET_07.check(stack.context(stack.json))).toHaveLength(1);
    expect(NET_07.check({ ...stack.context(stack.json), tenantNetworks: ['10.90.0.0/24'] })).toEqual([]);
  });
  it('stays quiet on a connected classification', () => {
    const { json } = exampleStack();
    const vm = first(json, 'vsphere_virtual_machine');
    vm.r.extra_config = { 'guestinfo.ntp': 'pool.ntp.org' };
    expect(run(NET_07, json)).toEqual([]);
  });
});

describe('NET-08 provider endpoints in an air-gapped classification', () => {
  it("refuses providers pointed at another site's vCenter and Vault", () => {
    const { json } = exampleStack('enclave-analytics');
    json.provider.vsphere[0].vsphere_server = 'vcenter.govcloud.ctie.lu';
    json.provider.vault[0].address = 'https://vault.govcloud.ctie.lu:8200';
    const findings = run(NET_08, json, 'enclave-analytics');
    expect(findings.map((f) => [f.resource, f.attribute])).toEqual([
      ['provider.vault', 'address'],
      ['provider.vsphere', 'vsphere_server'],
    ]);
    expect(findings[1].found).toBe('provider vsphere talks to vcenter.govcloud.ctie.lu (site ctie-govcloud-1, LU)');
  });
  it("stays quiet on the enclave's own endpoints and on a connected classification", () => {
    expect(run(NET_08, exampleStack('enclave-analytics').json, 'enclave-analytics')).toEqual([]);
    const { json } = exampleStack();
    json.provider.vault[0].address = 'https://vault.elsewhere.example';
    expect(run(NET_08, json)).toEqual([]);
  });
});
