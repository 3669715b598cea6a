import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../../loader/load-config';
import { UnreadableInputError } from '../../../policy/terraform/synth-reader';
import { readAuditList, verifyAuditList } from '../../../policy/verify/verify-audit-list';
import { failedChecks } from '../../../policy/verify/verify-state';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * `bao audit list -detailed -format=json` of the enclave's OpenBao server once the stanzas of
 * `sites/lu-enclave-1/openbao-audit.hcl` are in its config: the map `api.Audit` by path, as OpenBao's CLI prints it.
 */
const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'state', 'lu-enclave-1.audit-list.json');
const listed = (): Json => JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));

const config = loadConfig('config');
const tenantsOf = (siteId: string) =>
  config.tenants.filter((t) => t.spec.site === siteId).map((t) => ({ name: t.spec.name, classification: config.classifications.get(t.spec.classification)! }));
const verify = (json: Json, siteId = 'lu-enclave-1') => verifyAuditList({ site: config.sites.get(siteId)!, tenants: tenantsOf(siteId), stateFile: 'audit-list.json' }, readAuditList(json, 'audit-list.json'));
const failures = (json: Json, siteId?: string) => failedChecks(verify(json, siteId)).map((c) => `${c.rule} ${c.address} ${c.attribute}: found ${c.found}`);

describe('govcloud verify site-<id> --audit-list', () => {
  it('holds when the server lists every device the stanzas declare, with its type and options', () => {
    const report = verify(listed());
    expect(failedChecks(report)).toEqual([]);
    // file: type, file_path, format; socket: type, address, socket_type, format.
    expect(report.rules.map((r) => [r.id, r.checks.length])).toEqual([['KEY-02', 7]]);
    expect(report.notChecked.join('\n')).toContain("not proven: that every server's config holds the stanzas");
  });

  it('fails naming the device missing from the server: the stanza is not in force', () => {
    const json = listed();
    delete json['socket/'];
    expect(failures(json)).toEqual([
      'KEY-02 audit list (path "socket/") type: found absent: no audit device at this path',
      'KEY-02 audit list (path "socket/") options.address: found absent: no audit device at this path',
      'KEY-02 audit list (path "socket/") options.socket_type: found absent: no audit device at this path',
      'KEY-02 audit list (path "socket/") options.format: found absent: no audit device at this path',
    ]);
  });

  it('fails naming the option that differs, and names a device govcloud did not declare without judging it', () => {
    const json = listed();
    json['socket/'].options.address = 'logs.elsewhere.example:6514';
    json['file/'].type = 'syslog';
    json['extra/'] = { type: 'file', description: '', options: { file_path: 'stdout' }, local: false, path: 'extra/' };
    expect(failures(json)).toEqual(['KEY-02 audit list file/ type: found "syslog"', 'KEY-02 audit list socket/ options.address: found "logs.elsewhere.example:6514"']);
    expect(verify(json).notChecked.join('\n')).toContain('devices in force that govcloud did not declare, left unjudged: extra/ (file)');
  });

  it('reads the raw GET /v1/sys/audit response too, and proves a Vault Enterprise site the same way', () => {
    expect(failedChecks(verify({ request_id: 'abc', data: listed(), lease_id: '' }))).toEqual([]);
    // The GovCloud site's devices are not the enclave's: every one is missing there.
    expect(failures(listed(), 'ctie-govcloud-1')).toContainEqual('KEY-02 audit list (path "file-dsp-ng/") options.filter: found absent: no audit device at this path');
  });

  it.each([
    ['a list', []],
    ['a device without a type', { 'file/': { options: {} } }],
    ['options that are not an object', { 'file/': { type: 'file', options: 'file_path=/x' } }],
  ])('refuses %s as unreadable input', (_what, json) => {
    expect(() => readAuditList(json, 'audit-list.json')).toThrow(UnreadableInputError);
  });
});
