/**
 * `govcloud verify site-<id> --audit-list FILE`: proves that the audit devices govcloud declared for a site are in
 * force on its server, from what the server lists (`bao audit list -format=json`, or `vault audit list
 * -format=json`). The list is the server's audit table (`GET /v1/sys/audit`; `handleAuditTable` in OpenBao's
 * `vault/logical_system.go` at v2.6.2, docs/provider-facts.md B2 and B3): every device enabled, through the API or
 * from an `audit` stanza of the server config, keyed by its path with a trailing slash, each with `type`,
 * `description`, `options`, `local` and `path`; the CLI prints that map as is, `-detailed` changes only the table
 * format. Pure evaluation: the caller reads the file.
 */
import { isObject, type Json } from '../terraform/plan-json';
import { UnreadableInputError } from '../terraform/synth-reader';
import { siteAuditDevices, siteStackName, strictestAudit } from '../site-audit';
import { KEY_02_STACK } from '../stack-rules/key/KEY-02';
import { deviceChecks, trimmedPath, type DeployedDevice, type VerifySiteInput } from './verify-site';
import type { VerifyReport } from './verify-state';

/** How to produce the file `--audit-list` reads. */
export const AUDIT_LIST_FIX = 'run `bao audit list -detailed -format=json > audit-list.json` (or `vault audit list -detailed -format=json`) with a token allowed on sys/audit, and pass audit-list.json';

/** One device the server lists. */
export interface ListedDevice {
  /** The path without slashes (`file`). */
  readonly path: string;
  readonly type: unknown;
  readonly description: unknown;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * The devices of an audit list: the object `bao audit list -format=json` prints (path to device), or the raw
 * `GET /v1/sys/audit` response, whose devices are under `data`. Anything else is refused: an audit list that
 * cannot be read proves nothing.
 */
export function readAuditList(json: unknown, file: string): ListedDevice[] {
  if (!isObject(json)) throw new UnreadableInputError(file, 'not a JSON object', AUDIT_LIST_FIX);
  const table: Json = isObject(json.data) && typeof json.request_id === 'string' ? json.data : json;
  return Object.entries(table).map(([key, value]) => {
    if (!isObject(value) || typeof value.type !== 'string') {
      throw new UnreadableInputError(file, `"${key}" is not an audit device (an object with a "type")`, AUDIT_LIST_FIX);
    }
    if (value.options !== undefined && value.options !== null && !isObject(value.options)) {
      throw new UnreadableInputError(file, `"options" of "${key}" is not an object`, AUDIT_LIST_FIX);
    }
    const path = trimmedPath(typeof value.path === 'string' && value.path !== '' ? value.path : key) as string;
    return { path, type: value.type, description: value.description, options: (value.options ?? {}) as Record<string, unknown> };
  });
}

/** What an audit list proves, and what it cannot. */
const LIMITS = [
  "the audit list is the cluster's audit table as the active server holds it (a standby forwards the request); it proves the devices are enabled now",
  "not proven: that every server's config holds the stanzas; a server whose config lacks one disables that device when it becomes active (OpenBao v2.6.2 vault/audit.go, handleAuditLogSetup), so keep the same stanzas on every server",
  'not proven: that the audit log file is written and kept for the retention named, nor that the collector receives the socket stream',
];

/**
 * KEY-02 in force: every device govcloud declared for the site (for OpenBao, the stanzas of
 * `sites/<id>/openbao-audit.hcl`) is listed by the server at its path, with its type and every option govcloud gave
 * it; a device missing or different fails, naming it. Devices listed that govcloud did not declare are named, not
 * judged: an operator may add one.
 */
export function verifyAuditList(input: VerifySiteInput, listed: readonly ListedDevice[]): VerifyReport {
  const { site } = input;
  const declared = siteAuditDevices(site, input.tenants).filter(input.devices ?? (() => true));
  const lookup = (path: string): DeployedDevice | undefined => {
    const d = listed.find((x) => x.path === path);
    return d && { address: `audit list ${d.path}/`, type: d.type, options: d.options };
  };
  const checks = deviceChecks(declared, lookup, (path) => `audit list (path "${path}/")`);
  const all = siteAuditDevices(site, input.tenants).map((d) => d.path);
  const extra = listed.filter((d) => !all.includes(d.path)).map((d) => `${d.path}/ (${String(d.type)})`);
  return {
    tenant: siteStackName(site.id),
    site: site.id,
    classification: strictestAudit(input.tenants)?.id ?? 'none',
    stateFile: input.stateFile,
    rules: [{ id: KEY_02_STACK.id, title: KEY_02_STACK.title, checks }],
    notChecked: [...LIMITS, ...(extra.length ? [`devices in force that govcloud did not declare, left unjudged: ${extra.join(', ')}`] : [])],
  };
}
