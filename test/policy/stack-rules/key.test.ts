import { KEY_01 } from '../../../policy/stack-rules/key/KEY-01';
import { KEY_02_STACK } from '../../../policy/stack-rules/key/KEY-02';
import { KEY_03 } from '../../../policy/stack-rules/key/KEY-03';
import { KEY_04 } from '../../../policy/stack-rules/key/KEY-04';
import { KEY_05 } from '../../../policy/stack-rules/key/KEY-05';
import { KEY_06 } from '../../../policy/stack-rules/key/KEY-06';
import { KEY_07 } from '../../../policy/stack-rules/key/KEY-07';
import { KEY_08 } from '../../../policy/stack-rules/key/KEY-08';
import { KEY_09 } from '../../../policy/stack-rules/key/KEY-09';
import { examples, exampleSiteStack, exampleStack, family, only, run, runSite } from './stack-fixtures';

/** The audit device of `type` (`file` or `socket`). */
function audit(json: any, type: string): any {
  return Object.values(json.resource.vault_audit).find((d: any) => d.type === type);
}

describe('KEY rules on the synthesized examples', () => {
  it.each([...examples().stacks.keys()])('find nothing wrong in the %s example', (tenant) => {
    const ctx = exampleStack(tenant).context();
    expect(family('KEY').flatMap((rule) => rule.check(ctx))).toEqual([]);
  });
});

describe('KEY-01 tenant namespace or mount prefix', () => {
  it('refuses a transit key in the root namespace of Vault Enterprise', () => {
    const { json } = exampleStack();
    const key = only(json, 'vault_transit_secret_backend_key');
    delete key.r.namespace;
    const [f, ...rest] = run(KEY_01, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'KEY-01', resource: key.address, attribute: 'namespace', severity: 'error' });
    expect(f.found).toContain('root namespace, shared by every tenant of ctie-govcloud-1');
    expect(f.allowed).toBe('namespace "dsp-ng" or one below it');
  });
  it("refuses a policy in another tenant's namespace, written as a literal or through a reference", () => {
    const { json } = exampleStack();
    const policies = Object.values(json.resource.vault_policy) as any[];
    policies[0].namespace = 'lih-research';
    json.resource.vault_namespace.other = { path: 'lih-research' };
    policies[1].namespace = '${vault_namespace.other.path}';
    expect(run(KEY_01, json).map((f) => f.found)).toEqual([
      'vault_policy "dsp-ng-app" is in namespace "lih-research"',
      'vault_policy "dsp-ng-automation" is in namespace "lih-research"',
    ]);
  });
  it('refuses a resource in the root namespace of OpenBao', () => {
    const { json } = exampleStack('enclave-analytics');
    delete only(json, 'vault_auth_backend').r.namespace;
    expect(run(KEY_01, json, 'enclave-analytics').map((f) => f.resource)).toEqual([only(json, 'vault_auth_backend').address]);
  });
  it('stays quiet on a child namespace of the tenant and on a provider set to the tenant namespace', () => {
    const { json } = exampleStack();
    only(json, 'vault_transit_secret_backend_key').r.namespace = 'dsp-ng/apps';
    json.provider.vault[0].namespace = 'dsp-ng';
    delete only(json, 'vault_auth_backend').r.namespace;
    expect(run(KEY_01, json)).toEqual([]);
  });
  it('refuses a mount outside tenants/<tenant>/ on Vault community edition', () => {
    const { json } = exampleStack('mfin-internal');
    const kv = Object.entries(json.resource.vault_mount).find(([, m]: any) => m.type === 'kv') as [string, any];
    kv[1].path = 'kv';
    const [f] = run(KEY_01, json, 'mfin-internal');
    expect(f).toMatchObject({ ruleId: 'KEY-01', resource: `vault_mount.${kv[0]}`, attribute: 'path', severity: 'error' });
    expect(f.found).toBe('mount path "kv" is outside tenant mfin-internal\'s prefix on Vault community (no namespaces)');
    expect(f.allowed).toBe('"tenants/mfin-internal/..."');
  });
  it('refuses a shared auth mount and a shared policy name on Vault community edition', () => {
    const { json } = exampleStack('mfin-internal');
    only(json, 'vault_auth_backend').r.path = 'approle';
    (Object.values(json.resource.vault_policy)[0] as any).name = 'admin';
    const findings = run(KEY_01, json, 'mfin-internal');
    expect(findings.map((f) => f.attribute)).toEqual(['path', 'name']);
    expect(findings[0].allowed).toBe('"tenants/mfin-internal/..." or "approle-mfin-internal"');
    expect(findings[1].found).toContain('policy "admin"');
  });
  it('stays quiet on an auth mount under the tenant prefix on Vault community edition', () => {
    const { json } = exampleStack('mfin-internal');
    only(json, 'vault_auth_backend').r.path = 'tenants/mfin-internal/approle';
    expect(run(KEY_01, json, 'mfin-internal')).toEqual([]);
  });
});

describe('KEY-02 audit devices', () => {
  it('refuses an audit device in a tenant stack: devices are cluster-wide and belong to the site stack', () => {
    const { json } = exampleStack();
    json.resource.vault_audit = { own: { type: 'file', path: 'file-dsp-ng', options: { file_path: '/var/log/vault/dsp-ng.log' } } };
    const [f, ...rest] = run(KEY_02_STACK, json);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'KEY-02', resource: 'vault_audit.own', severity: 'error' });
    expect(f.found).toBe(`tenant stack dsp-ng enables audit device "file-dsp-ng", which logs every namespace of the site's Vault`);
    expect(f.allowed).toBe('no audit device in a tenant stack: the site\'s devices are in stack site-ctie-govcloud-1');
  });
  it('stays quiet on tenant stacks without devices (every example)', () => {
    for (const tenant of examples().stacks.keys()) expect(run(KEY_02_STACK, exampleStack(tenant).json, tenant)).toEqual([]);
  });
  it('refuses a site stack of health tenants with only a local file device, filtered devices not counted', () => {
    const { json } = exampleSiteStack();
    for (const [name, d] of Object.entries(json.resource.vault_audit)) if ((d as any).type === 'socket') delete json.resource.vault_audit[name];
    const [f] = runSite(KEY_02_STACK, json);
    expect(f).toMatchObject({ ruleId: 'KEY-02', tenant: 'site-ctie-govcloud-1', resource: 'vault_audit', severity: 'error' });
    expect(f.found).toBe('1 unfiltered audit device in the stack of site ctie-govcloud-1 (file: file)');
    expect(f.allowed).toContain("classification health, the strictest of site ctie-govcloud-1's tenants, requires 2 unfiltered audit devices, one of them socket or syslog");
  });
  it('refuses a site stack whose two devices are files', () => {
    const { json } = exampleSiteStack();
    Object.assign(audit(json, 'socket'), { type: 'file', path: 'file2', options: { file_path: '/var/log/vault/b.log' } });
    expect(runSite(KEY_02_STACK, json)[0]).toMatchObject({ attribute: 'type', found: expect.stringContaining('no central device') });
  });
  it('refuses any vault_audit in the stack of an OpenBao site, which refuses sys/audit', () => {
    const { json } = exampleSiteStack('lu-enclave-1');
    expect(json.resource?.vault_audit).toBeUndefined();
    expect(runSite(KEY_02_STACK, json, 'lu-enclave-1')).toEqual([]);
    json.resource = { vault_audit: { f: { type: 'file', path: 'file', options: { file_path: '/var/log/bao/audit.log' } } } };
    const [f] = runSite(KEY_02_STACK, json, 'lu-enclave-1');
    expect(f.found).toContain('site lu-enclave-1 runs OpenBao, which refuses audit device "file" through sys/audit');
    expect(f.allowed).toContain('sites/lu-enclave-1/openbao-audit.hcl');
  });
  it('stays quiet on every example site stack', () => {
    for (const id of examples().sites.keys()) expect(runSite(KEY_02_STACK, exampleSiteStack(id).json, id)).toEqual([]);
  });
});

describe('KEY-03 audit collector in the site', () => {
  it('refuses a socket device sending to a foreign collector', () => {
    const { json } = exampleSiteStack();
    audit(json, 'socket').options.address = 'logs.euw1.hyperscaler.example:6514';
    const [f] = runSite(KEY_03, json);
    expect(f).toMatchObject({ ruleId: 'KEY-03', attribute: 'options.address', severity: 'error' });
    expect(f.resource).toBe('vault_audit.audit-socket');
    expect(f.found).toBe('socket audit device "socket" sends to logs.euw1.hyperscaler.example:6514 (site hyperscaler-eu-west, IE)');
    expect(f.allowed).toBe('a collector of site ctie-govcloud-1: siem.govcloud.ctie.lu:6514, or a custodian of audit logs registered in sites.yaml that classification health allows (e.g. lu-state-custody)');
  });
  it('refuses a collector that no site registers', () => {
    const { json } = exampleSiteStack('lu-colo-1');
    json.resource.vault_audit.s = { type: 'socket', path: 'socket', options: { address: '203.0.113.10:514' } };
    expect(runSite(KEY_03, json, 'lu-colo-1')[0].found).toContain('not a host of any registered site');
  });
  it('stays quiet on the site collector and on a local Unix socket', () => {
    const { json } = exampleSiteStack();
    expect(runSite(KEY_03, json)).toEqual([]);
    Object.assign(audit(json, 'socket').options, { address: '/run/vault/audit.sock', socket_type: 'unix' });
    expect(runSite(KEY_03, json)).toEqual([]);
  });
});

describe('KEY-04 JWT roles for CI', () => {
  const role = (json: any, values: Record<string, unknown>) => {
    json.resource.vault_jwt_auth_backend_role = { ci: { backend: 'jwt', role_name: 'dsp-ng-ci', role_type: 'jwt', user_claim: 'sub', namespace: 'dsp-ng', ...values } };
  };
  it('refuses a role without audiences or claims and with two-hour tokens', () => {
    const { json } = exampleStack();
    role(json, { token_ttl: 7200 });
    const findings = run(KEY_04, json);
    expect(findings.map((f) => [f.resource, f.attribute])).toEqual([
      ['vault_jwt_auth_backend_role.ci', 'bound_audiences'],
      ['vault_jwt_auth_backend_role.ci', 'bound_claims'],
      ['vault_jwt_auth_backend_role.ci', 'token_ttl'],
    ]);
    expect(findings[2].found).toBe('JWT role "dsp-ng-ci" issues tokens for 7200 s');
    expect(findings[2].allowed).toBe('token_ttl between 1 and 3600 seconds');
  });
  it('stays quiet on a role bound to the project and its protected refs, with one-hour tokens', () => {
    const { json } = exampleStack();
    role(json, { bound_audiences: ['https://vault.govcloud.ctie.lu'], bound_claims: { project_path: 'esante/dsp', ref_protected: 'true' }, token_ttl: 3600 });
    expect(run(KEY_04, json)).toEqual([]);
  });
});

describe('KEY-05 JWT issuer in the site', () => {
  it('refuses a backend that trusts gitlab.com', () => {
    const { json } = exampleStack();
    json.resource.vault_jwt_auth_backend = { ci: { path: 'jwt', namespace: 'dsp-ng', oidc_discovery_url: 'https://gitlab.com', bound_issuer: 'https://gitlab.com' } };
    const findings = run(KEY_05, json);
    expect(findings.map((f) => [f.resource, f.attribute, f.severity])).toEqual([
      ['vault_jwt_auth_backend.ci', 'oidc_discovery_url', 'error'],
      ['vault_jwt_auth_backend.ci', 'bound_issuer', 'error'],
    ]);
    expect(findings[0].found).toBe('oidc_discovery_url is "https://gitlab.com" (not a host of any registered site)');
    expect(findings[0].allowed).toBe('an issuer under govcloud.ctie.lu (site ctie-govcloud-1)');
  });
  it("stays quiet on the site's own GitLab", () => {
    const { json } = exampleStack();
    json.resource.vault_jwt_auth_backend = { ci: { path: 'jwt', namespace: 'dsp-ng', jwks_url: 'https://gitlab.govcloud.ctie.lu/oauth/discovery/keys', bound_issuer: 'https://gitlab.govcloud.ctie.lu' } };
    expect(run(KEY_05, json)).toEqual([]);
  });
});

describe('KEY-06 AppRole bound and expiring', () => {
  it('warns about a role usable from anywhere with secret ids that never expire', () => {
    const { json } = exampleStack();
    const approle = only(json, 'vault_approle_auth_backend_role');
    delete approle.r.secret_id_bound_cidrs;
    delete approle.r.token_bound_cidrs;
    delete approle.r.secret_id_ttl;
    const findings = run(KEY_06, json);
    expect(findings.map((f) => [f.ruleId, f.resource, f.attribute, f.severity])).toEqual([
      ['KEY-06', approle.address, 'secret_id_bound_cidrs', 'warning'],
      ['KEY-06', approle.address, 'secret_id_ttl', 'warning'],
    ]);
    expect(findings[1].found).toBe('AppRole role "dsp-ng-automation" issues secret ids that never expire');
  });
  it('stays quiet on a role whose tokens alone are bound to the tenant network', () => {
    const { json } = exampleStack();
    delete only(json, 'vault_approle_auth_backend_role').r.secret_id_bound_cidrs;
    expect(run(KEY_06, json)).toEqual([]);
  });
});

describe('KEY-07 Enterprise features on the custodian that has them', () => {
  it('refuses a namespace and seal wrapping on Vault community edition', () => {
    const { json } = exampleStack('mfin-internal');
    json.resource.vault_namespace = { ns: { path: 'mfin-internal' } };
    const transit = Object.entries(json.resource.vault_mount).find(([, m]: any) => m.type === 'transit') as [string, any];
    transit[1].seal_wrap = true;
    const findings = run(KEY_07, json, 'mfin-internal');
    expect(findings.map((f) => [f.resource, f.attribute, f.severity])).toEqual([
      [`vault_mount.${transit[0]}`, 'seal_wrap', 'error'],
      ['vault_namespace.ns', undefined, 'error'],
    ]);
    expect(findings[1].found).toBe('vault_namespace needs namespaces of Vault Enterprise; site lu-colo-1 runs Vault community edition');
  });
  it('refuses a KMIP engine on OpenBao, which has namespaces but no KMIP server', () => {
    const { json } = exampleStack('enclave-analytics');
    json.resource.vault_kmip_secret_backend = { kmip: { path: 'kmip', namespace: 'enclave-analytics' } };
    const [f, ...rest] = run(KEY_07, json, 'enclave-analytics');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'KEY-07', resource: 'vault_kmip_secret_backend.kmip' });
    expect(f.found).toContain('KMIP secrets engine');
    expect(f.allowed).toContain('OpenBao has: namespaces yes; KMIP server');
  });
  it('stays quiet on a KMIP engine on Vault Enterprise', () => {
    const { json } = exampleStack();
    json.resource.vault_kmip_secret_backend = { kmip: { path: 'kmip', namespace: 'dsp-ng', seal_wrap: true } };
    expect(run(KEY_07, json)).toEqual([]);
  });
});

describe('KEY-08 TLS verification', () => {
  it('refuses every switch that turns verification off', () => {
    const { json } = exampleStack();
    json.provider.vault[0].skip_tls_verify = true;
    json.provider.vsphere[0].allow_unverified_ssl = true;
    const vm = only(json, 'vsphere_virtual_machine');
    vm.r.ovf_deploy = { remote_ovf_url: 'https://images.govcloud.ctie.lu/a.ovf', allow_unverified_ssl_cert: true };
    const findings = run(KEY_08, json);
    expect(findings.map((f) => [f.ruleId, f.resource, f.attribute, f.severity])).toEqual([
      ['KEY-08', 'provider.vault', 'skip_tls_verify', 'error'],
      ['KEY-08', 'provider.vsphere', 'allow_unverified_ssl', 'error'],
      ['KEY-08', vm.address, 'ovf_deploy.allow_unverified_ssl_cert', 'error'],
    ]);
    expect(findings[0].found).toBe("skip_tls_verify is true: the vault server's certificate is not checked");
  });
  it('refuses an s3 state backend that skips verification', () => {
    const { json } = exampleStack();
    json.terraform.backend = { s3: { bucket: 'state', key: 'dsp-ng', endpoints: { s3: 'https://s3.govcloud.ctie.lu' }, insecure: true } };
    expect(run(KEY_08, json).map((f) => [f.resource, f.attribute])).toEqual([['terraform.backend', 'insecure']]);
  });
  it('stays quiet with verification on', () => {
    expect(run(KEY_08, exampleStack().json)).toEqual([]);
  });
});

describe('KEY-09 no literal credentials', () => {
  it('refuses a Vault token and vCenter credentials written into the JSON, without repeating them', () => {
    const { json } = exampleStack();
    json.provider.vault[0].token = 'hvs.CAESIexample';
    json.provider.vsphere[0].password = 'S3cret!';
    json.provider.vsphere[0].user = 'administrator@vsphere.local';
    const findings = run(KEY_09, json);
    expect(findings.map((f) => [f.resource, f.attribute, f.severity])).toEqual([
      ['provider.vault', 'token', 'error'],
      ['provider.vsphere', 'password', 'error'],
      ['provider.vsphere', 'user', 'error'],
    ]);
    expect(findings[1].found).toBe('password is a literal value in the JSON (value not shown)');
    expect(JSON.stringify(findings)).not.toMatch(/hvs\.|S3cret|administrator/);
  });
  it('refuses a literal AppRole secret id, a login secret in the provider, and backend keys', () => {
    const { json } = exampleStack();
    json.resource.vault_approle_auth_backend_role_secret_id = { sid: { backend: 'approle', role_name: 'dsp-ng-automation', namespace: 'dsp-ng', secret_id: '6f1c-literal' } };
    json.provider.vault[0].auth_login = { path: 'auth/approle/login', parameters: { role_id: 'r', secret_id: '6f1c-literal' } };
    json.terraform.backend = { pg: { conn_str: 'postgres://terraform:pw@pg.govcloud.ctie.lu/state' } };
    expect(run(KEY_09, json).map((f) => `${f.resource} ${f.attribute}`)).toEqual([
      'provider.vault auth_login.parameters.secret_id',
      'vault_approle_auth_backend_role_secret_id.sid secret_id',
      'terraform.backend conn_str',
    ]);
    json.terraform.backend = { s3: { bucket: 'b', key: 'k', access_key: 'AKIAEXAMPLE', secret_key: 'wJalrEXAMPLE' } };
    expect(run(KEY_09, json).filter((f) => f.resource === 'terraform.backend').map((f) => f.attribute)).toEqual(['access_key', 'secret_key']);
  });
  it('stays quiet on sensitive variables and a conn_str without password', () => {
    const { json } = exampleStack();
    json.terraform.backend = { pg: { conn_str: 'postgres://terraform@pg.govcloud.ctie.lu/state?sslmode=verify-full' } };
    expect(run(KEY_09, json)).toEqual([]);
  });
});
