import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { SiteStack } from '../../stacks/site-stack';
import { TenantStack } from '../../stacks/tenant-stack';
import { loadConfig } from '../../loader/load-config';
import { synthesizeTenants } from '../../stacks/synth';
import { checkStacks } from '../../check/check-stacks';
import { readCheckInputs } from '../../check/read-inputs';
import { openBaoAuditConfig, siteAuditDevices } from '../../policy/site-audit';
import type { VaultEdition } from '../../policy/model';
import { healthClass, luSite, sourced } from '../policy/fixtures';
import { tenantSpec } from '../constructs/tenant-fixtures';
import { snapshotFiles } from '../file-snapshot';
import { bundledYaml, changeConfig, configWith } from '../fixtures/config-files';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'site-stack-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const siteOf = (edition: VaultEdition) => luSite({ vault: { ...luSite().vault, edition } });
const internal = healthClass({ id: 'internal', auditDevices: sourced(1), auditRetentionDays: sourced(366) });
const tenants = [
  { name: 'zeta', classification: internal },
  { name: 'dsp', classification: healthClass() },
];

type Json = { resource?: { vault_audit?: Record<string, { type: string; path: string; options: Record<string, string> }> } };
const synthSite = (edition: VaultEdition): Json => JSON.parse(Testing.synth(new SiteStack(Testing.app(), { site: siteOf(edition), tenants }))) as Json;
const devicesOf = (json: Json) => Object.values(json.resource?.vault_audit ?? {}).map((d) => [d.path, d.type, d.options.filter ?? '']);

describe('SiteStack', () => {
  it('holds, for a Vault Enterprise site, a file and a socket device for the whole cluster and one file device filtered to each tenant namespace', () => {
    const json = synthSite('enterprise');
    expect(devicesOf(json).sort()).toEqual([
      ['file', 'file', ''],
      ['file-dsp', 'file', 'namespace == "dsp/"'],
      ['file-zeta', 'file', 'namespace == "zeta/"'],
      ['socket', 'socket', ''],
    ]);
    const socket = Object.values(json.resource!.vault_audit!).find((d) => d.type === 'socket')!;
    expect(socket.options).toEqual({ address: 'siem.lu.test:6514', socket_type: 'tcp', format: 'json' });
  });

  it('holds, for a Vault CE site, the file and socket devices, without filter (CE has no namespaces to filter on)', () => {
    expect(devicesOf(synthSite('community')).sort()).toEqual([
      ['file', 'file', ''],
      ['socket', 'socket', ''],
    ]);
  });

  it('holds no vault_audit for an OpenBao site (OpenBao 2.3.2 and later refuse sys/audit)', () => {
    expect(synthSite('openbao').resource?.vault_audit).toBeUndefined();
  });

  it('names in each device the longest retention its tenants require', () => {
    const [file] = siteAuditDevices(siteOf('community'), tenants);
    expect(file.description).toContain('keep at least 1096 days (classification health)');
  });

  it('writes the OpenBao stanzas in the declarative audit syntax', () => {
    const hcl = openBaoAuditConfig(siteOf('openbao'), siteAuditDevices(siteOf('openbao'), tenants));
    expect(hcl).toContain('audit "file" "file" {');
    expect(hcl).toContain('    file_path = "/var/log/vault/audit.log"');
    expect(hcl).toContain('audit "socket" "socket" {');
    expect(hcl).not.toContain('filter');
  });
});

describe('TenantStack', () => {
  it.each(['enterprise', 'community', 'openbao'] as const)('enables no audit device on a %s site', (edition) => {
    const stack = new TenantStack(Testing.app(), { spec: tenantSpec(), site: siteOf(edition), classification: healthClass() });
    expect((JSON.parse(Testing.synth(stack)) as Json).resource?.vault_audit).toBeUndefined();
  });
});

describe('govcloud synth and the site stacks', () => {
  const out = path.join(root, 'example');
  const result = () => synthesizeTenants(loadConfig('config'), { outDir: out, today: '2026-11-29' });
  const stackJson = (name: string, dir = out) => JSON.parse(fs.readFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Json;

  it('writes one stack per site in use, no vault_audit in any tenant stack, and the OpenBao artefact', () => {
    const r = result();
    expect(r.sites?.map((s) => [s.name, s.resources])).toEqual([
      ['site-ctie-govcloud-1', 4],
      // The recovery site of dsp-ng: its Vault audits dsp-ng's requests once it serves them (file, socket, dsp-ng's filter).
      ['site-ctie-govcloud-2', 3],
      ['site-lu-colo-1', 1],
      ['site-lu-enclave-1', 0],
      ['site-research-de-1', 3],
    ]);
    for (const t of r.tenants) expect(stackJson(t.name).resource?.vault_audit).toBeUndefined();
    expect(devicesOf(stackJson('site-lu-colo-1'))).toEqual([['file', 'file', '']]);
    expect(stackJson('site-lu-enclave-1').resource).toBeUndefined();
    const config = loadConfig('config');
    const enclave = config.sites.get('lu-enclave-1')!;
    const hcl = fs.readFileSync(path.join(out, 'sites', 'lu-enclave-1', 'openbao-audit.hcl'), 'utf8');
    expect(hcl).toBe(openBaoAuditConfig(enclave, r.sites!.find((s) => s.site === 'lu-enclave-1')!.devices));
    expect(hcl).toContain('address = "logs.enclave.internal:6514"');
    expect(fs.readdirSync(path.join(out, 'sites'))).toEqual(['lu-enclave-1']);
  });

  it('writes the same bytes again, into the same folder and into a new one', () => {
    const before = snapshotFiles(out);
    result();
    expect(snapshotFiles(out)).toEqual(before);
    const other = path.join(root, 'again');
    synthesizeTenants(loadConfig('config'), { outDir: other, today: '2026-11-29' });
    expect(snapshotFiles(other)).toEqual(before);
  });

  it('lets govcloud check judge the site stacks as sites, without error, and no site stack as an unknown tenant', () => {
    const report = checkStacks(loadConfig('config'), readCheckInputs([out]), { today: '2026-11-29' });
    const sites = report.stacks.filter((s) => s.stack.startsWith('site-'));
    expect(sites.map((s) => [s.stack, s.site, s.classification])).toEqual([
      ['site-ctie-govcloud-1', 'ctie-govcloud-1', 'health'],
      ['site-ctie-govcloud-2', 'ctie-govcloud-2', 'health'],
      ['site-lu-colo-1', 'lu-colo-1', 'internal'],
      ['site-lu-enclave-1', 'lu-enclave-1', 'classified'],
      ['site-research-de-1', 'research-de-1', 'health-research'],
    ]);
    expect(report.stacks.flatMap((s) => s.findings).filter((f) => f.severity === 'error')).toEqual([]);
    expect(sites.flatMap((s) => s.unexamined)).toEqual([]);
  });

  it('rebuilds a site stack when its site entry changes, incrementally, to what a full synth writes', () => {
    const config = configWith();
    const inc = path.join(root, 'incremental');
    synthesizeTenants(loadConfig(config), { outDir: inc, incremental: true });
    changeConfig(config, { sites: bundledYaml('sites.yaml').replace('auditCollector: siem.govcloud.ctie.lu:6514', 'auditCollector: siem2.govcloud.ctie.lu:6514') });
    synthesizeTenants(loadConfig(config), { outDir: inc, incremental: true });
    const socket = Object.values(stackJson('site-ctie-govcloud-1', inc).resource!.vault_audit!).find((d) => d.type === 'socket')!;
    expect(socket.options.address).toBe('siem2.govcloud.ctie.lu:6514');
    const full = path.join(root, 'incremental-full');
    synthesizeTenants(loadConfig(config), { outDir: full });
    expect(snapshotFiles(inc)).toEqual(snapshotFiles(full));
  });

  it('writes a missing site stack again on an incremental synth that has no tenant to rebuild', () => {
    const config = configWith();
    const inc = path.join(root, 'site-gone');
    synthesizeTenants(loadConfig(config), { outDir: inc, incremental: true });
    const before = snapshotFiles(inc);
    fs.rmSync(path.join(inc, 'sites', 'lu-enclave-1', 'openbao-audit.hcl'));
    synthesizeTenants(loadConfig(config), { outDir: inc, incremental: true });
    expect(snapshotFiles(inc)).toEqual(before);
  });

  it('removes the stack and the artefact of a site whose last tenant is gone', () => {
    const config = configWith();
    const dir = path.join(root, 'last-tenant');
    synthesizeTenants(loadConfig(config), { outDir: dir });
    changeConfig(config, { remove: ['enclave-analytics.yaml'] });
    const r = synthesizeTenants(loadConfig(config), { outDir: dir, incremental: true });
    expect(r.removed).toEqual(['enclave-analytics', 'site-lu-enclave-1']);
    expect(fs.existsSync(path.join(dir, 'stacks', 'site-lu-enclave-1'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'sites'))).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { stacks: object };
    expect(Object.keys(manifest.stacks)).not.toContain('site-lu-enclave-1');
  });

  it("keeps what else the operator put beside a removed site's audit file", () => {
    const config = configWith();
    const dir = path.join(root, 'operator-notes');
    synthesizeTenants(loadConfig(config), { outDir: dir });
    fs.writeFileSync(path.join(dir, 'sites', 'lu-enclave-1', 'installed.txt'), 'installed on bao-1 and bao-2\n');
    changeConfig(config, { remove: ['enclave-analytics.yaml'] });
    synthesizeTenants(loadConfig(config), { outDir: dir });
    expect(fs.readdirSync(path.join(dir, 'sites', 'lu-enclave-1'))).toEqual(['installed.txt']);
  });
});
