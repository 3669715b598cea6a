import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { ConfigError, loadConfig, type ConfigProblem } from '../../loader';
import { parseIpv4Network } from '../../policy/ipv4-network';
import { BUNDLED_CONFIG, bundledYaml, configWith, tenantYaml, type YamlText } from '../fixtures/config-files';

/**
 * The published schemas (config/schema) as an editor reads them are as strict as the loader on every single
 * field (issue 14): each value the loader's tests refuse, and the issue's `cidr: 10.41.0.0/99` and
 * `expires: 31/03/2027`, is refused by the schema alone, checked by a fresh Ajv with no formats and nothing of
 * the loader, as the YAML extension of an editor would; and every bundled file passes both.
 */
const SCHEMA_DIR = path.resolve(__dirname, '../../config/schema');
const readSchema = (name: string) => JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, `${name}.schema.json`), 'utf8')) as Record<string, unknown>;
const editor = new Ajv({ allErrors: true, strict: false });
const EDITOR: Record<'tenant' | 'sites' | 'classifications', ValidateFunction> = {
  tenant: editor.compile(readSchema('tenant')),
  sites: editor.compile(readSchema('sites')),
  classifications: editor.compile(readSchema('classifications')),
};

/** The problems loading `dir` gives; fails when it loads. */
function loaderProblems(dir: string): ConfigProblem[] {
  try {
    loadConfig(dir);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error('expected the loader to refuse the config, but it loaded');
}

/** Instance paths (`/network/cidr`) the editor's schema refuses in `text`; empty when it accepts it. */
function editorRefuses(schema: ValidateFunction, text: YamlText): string[] {
  return schema(parse(text.text)) ? [] : (schema.errors ?? []).map((e) => e.instancePath);
}

/** `sites[0].stateBackend.endpoint` as the JSON pointer `/sites/0/stateBackend/endpoint`. */
const pointer = (field: string) => `/${field.replace(/\[(\d+)\]/g, '.$1').split('.').join('/')}`;

const long = `a@${'.'.repeat(1_000_000)}@`;
const suppression = (expires: string) => [{ rule: 'ENC-03', resource: 'test-tenant/tenant/compute/test-tenant-app-01', reason: 'A test of the date format.', approvedBy: 'CISO office', expires }];

/** Single-field values the loader refuses in a tenant file: those of test/loader, and the issue's. */
const TENANT_CORPUS: [string, string, YamlText][] = [
  ['network.vlan', '0', tenantYaml({ network: { vlan: 0 } })],
  ['network.vlan', '4095', tenantYaml({ network: { vlan: 4095 } })],
  ['network.cidr', '10.41.0.0/99 (prefix over 32)', tenantYaml({ network: { cidr: '10.41.0.0/99' } })],
  ['network.cidr', '10.41.0.0/33', tenantYaml({ network: { cidr: '10.41.0.0/33' } })],
  ['network.cidr', '10.256.0.0/16 (octet over 255)', tenantYaml({ network: { cidr: '10.256.0.0/16' } })],
  ['network.cidr', '300.1.0.0/16', tenantYaml({ network: { cidr: '300.1.0.0/16' } })],
  ['network.cidr', '10.41.0.0 (no prefix)', tenantYaml({ network: { cidr: '10.41.0.0' } })],
  ['vms[0].cpus', '"four"', tenantYaml().replace('cpus: 2', 'cpus: "four"')],
  ['owner.contact', 'a 1 MB address', tenantYaml({ owner: { contact: long } })],
  ['name', 'constructor', tenantYaml({ name: 'constructor' })],
  ['name', 'site-lu-colo-1', tenantYaml({ name: 'site-lu-colo-1' })],
  ['name', 'toString', tenantYaml({ name: 'toString' })],
  ['name', '__proto__', tenantYaml({ name: '__proto__' })],
  ['suppressions[0].expires', '31/03/2027', tenantYaml({ suppressions: suppression('31/03/2027') })],
  ['suppressions[0].expires', '2027-13-01', tenantYaml({ suppressions: suppression('2027-13-01') })],
  ['suppressions[0].expires', '2027-04-31', tenantYaml({ suppressions: suppression('2027-04-31') })],
  ['suppressions[0].expires', '2027-02-30', tenantYaml({ suppressions: suppression('2027-02-30') })],
  ['suppressions[0].expires', '2027-02-29 (not a leap year)', tenantYaml({ suppressions: suppression('2027-02-29') })],
  ['suppressions[0].expires', '2100-02-29 (a century not divisible by 400)', tenantYaml({ suppressions: suppression('2100-02-29') })],
  ['suppressions[0].expires', '2027-03-31T00:00:00Z', tenantYaml({ suppressions: suppression('2027-03-31T00:00:00Z') })],
];

const sites = bundledYaml('sites.yaml');
const FIRST_BACKEND = '      auditCollector: siem.govcloud.ctie.lu:6514\n    stateBackend: { type: local }\n';
const firstBackend = (lines: string) => sites.replace(FIRST_BACKEND, `      auditCollector: siem.govcloud.ctie.lu:6514\n${lines}`);

/** Single-field values the loader refuses in sites.yaml: those of test/loader, and ports and networks. */
const SITES_CORPUS: [string, string, YamlText][] = [
  ['sites[0].stateBackend.endpoint', 'http:// (not https)', firstBackend('    stateBackend: { type: s3, endpoint: "http://objects.govcloud.ctie.lu", bucket: tfstate, region: lu-1 }\n')],
  ['sites[0].stateBackend.sslmode', 'disable', firstBackend('    stateBackend: { type: pg, host: db.govcloud.ctie.lu, database: terraform, sslmode: disable }\n')],
  ['sites[0].stateBackend.port', '70000', firstBackend('    stateBackend: { type: pg, host: db.govcloud.ctie.lu, database: terraform, port: 70000 }\n')],
  ['sites[0].vault.auditRetentionDays', '0', sites.replace('auditRetentionDays: 1096     # days the collector keeps', 'auditRetentionDays: 0     # days the collector keeps')],
  ['sites[0].vault.auditCollector', 'port 0', sites.replace('auditCollector: siem.govcloud.ctie.lu:6514', 'auditCollector: siem.govcloud.ctie.lu:0')],
  ['sites[0].vault.auditCollector', 'port 65536', sites.replace('auditCollector: siem.govcloud.ctie.lu:6514', 'auditCollector: siem.govcloud.ctie.lu:65536')],
  ['custodians[0].holds[1]', 'disks', sites.replace('holds: [keys, audit, state]', 'holds: [keys, disks]')],
  ['sites[2].vsphere.templates[0].hardwareVersion', '16', sites.replace('- { name: rhel9-hardened, guestId: rhel9_64Guest, firmware: efi, hardwareVersion: 21 }', '- { name: rhel9-hardened, guestId: rhel9_64Guest, firmware: efi, hardwareVersion: 16 }')],
];

describe('the published schemas, read by an editor, refuse what the loader refuses', () => {
  it.each(TENANT_CORPUS)('tenant %s: %s', (field, _value, text) => {
    const dir = configWith({ tenants: { 'test-tenant.yaml': text } });
    expect(loaderProblems(dir).map((p) => p.field)).toContain(field);
    expect(editorRefuses(EDITOR.tenant, text)).toContain(pointer(field));
  });

  it.each(SITES_CORPUS)('sites.yaml %s: %s', (field, _value, text) => {
    expect(loaderProblems(configWith({ sites: text })).map((p) => p.field)).toContain(field);
    expect(editorRefuses(EDITOR.sites, text)).toContain(pointer(field));
  });

  it('leaves to the loader only what involves more than the field: host bits set, which depend on the prefix', () => {
    // 10.250.0.5/24 is a well-formed CIDR whose host part is not zero; a pattern would have to spell out every
    // prefix length. The loader names the network address to write.
    const text = tenantYaml({ network: { cidr: '10.250.0.5/24' } });
    expect(loaderProblems(configWith({ tenants: { 'test-tenant.yaml': text } }))).toEqual([expect.objectContaining({ field: 'network.cidr', fix: expect.stringContaining('10.250.0.0/24') })]);
    expect(editorRefuses(EDITOR.tenant, text)).toEqual([]);
  });
});

describe('the published schemas accept what the loader accepts', () => {
  it('every bundled file passes the editor schemas and the loader', () => {
    expect(loadConfig(BUNDLED_CONFIG).tenants).toHaveLength(5);
    expect(editorRefuses(EDITOR.sites, sites)).toEqual([]);
    expect(editorRefuses(EDITOR.classifications, bundledYaml('classifications.yaml'))).toEqual([]);
    for (const file of fs.readdirSync(path.join(BUNDLED_CONFIG, 'tenants'))) expect([file, editorRefuses(EDITOR.tenant, bundledYaml(`tenants/${file}`))]).toEqual([file, []]);
  });

  it.each(['2027-03-31', '2028-02-29', '2000-02-29', '2026-12-31'])('a suppression expiring %s, a real date', (expires) => {
    const text = tenantYaml({ suppressions: suppression(expires) });
    expect(editorRefuses(EDITOR.tenant, text)).toEqual([]);
    expect(loadConfig(configWith({ tenants: { 'test-tenant.yaml': text } })).tenants.map((t) => t.spec.name)).toContain('test-tenant');
  });
});

/** The pattern at `pointer` of a schema, as the editor runs it. */
function patternAt(schema: Record<string, unknown>, at: string): RegExp {
  const node = at.split('/').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], schema) as { pattern: string };
  return new RegExp(node.pattern, 'u');
}

describe('the schema patterns agree with the reference on every value of their range', () => {
  const tenant = readSchema('tenant');
  const cidr = patternAt(tenant, 'properties/network/properties/cidr');

  it('a CIDR: the schema accepts exactly the octets and prefixes the loader parses', () => {
    const octets = [...Array.from({ length: 1000 }, (_, i) => String(i)), '00', '01', '099', '0255', '1000'];
    const prefixes = [...Array.from({ length: 100 }, (_, i) => String(i)), '00', '032', '033'];
    const disagree: string[] = [];
    const loaderAccepts = (text: string) => !('reason' in parseIpv4Network(text));
    // Host bits are the loader's alone (see above): every case here is a network address or has its octet or prefix wrong.
    for (const o of octets) for (const text of [`${o}.0.0.0/32`, `0.0.0.${o}/32`]) if (cidr.test(text) !== loaderAccepts(text)) disagree.push(text);
    for (const p of prefixes) if (cidr.test(`0.0.0.0/${p}`) !== loaderAccepts(`0.0.0.0/${p}`)) disagree.push(`0.0.0.0/${p}`);
    expect(disagree).toEqual([]);
  });

  it('the sites use the same CIDR pattern for their infrastructure networks', () => {
    expect(patternAt(readSchema('sites'), 'properties/sites/items/properties/infrastructureNetworks/items').source).toBe(cidr.source);
  });

  it('an audit collector: every port from 1 to 65535 and no other', () => {
    const collector = patternAt(readSchema('sites'), 'properties/sites/items/properties/vault/properties/auditCollector');
    const disagree = Array.from({ length: 100_001 }, (_, p) => p).filter((p) => collector.test(`siem.example:${p}`) !== (p >= 1 && p <= 65535));
    expect([...disagree, ...['01', '00080', ''].filter((p) => collector.test(`siem.example:${p}`))]).toEqual([]);
  });

  it('an expiry date: every real day of 1599 to 2401 and no other day of the months 00 to 13', () => {
    const expires = tenant.properties as Record<string, { items: { properties: { expires: Record<string, unknown> } } }>;
    const validate = new Ajv({ strict: false }).compile(expires.suppressions.items.properties.expires);
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    const disagree: string[] = [];
    for (let y = 1599; y <= 2401; y++) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          const date = new Date(Date.UTC(y, m - 1, d));
          const real = m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
          if (validate(text) !== real) disagree.push(text);
        }
      }
    }
    expect(disagree).toEqual([]);
  });
});
