/**
 * `govcloud verify site-<id>`: proves from a site stack's applied state that the site's audit devices are in force
 * as the site stack declares them. The pinned Vault provider reads every `vault_audit` back from `sys/audit`
 * (`resource_audit.go`, `auditRead`: path, type, description and options as the server lists them), so the state
 * after apply holds what the server holds. Pure evaluation, like {@link verifyState}.
 */
import type { Site } from '../model';
import { siteAuditDevices, siteStackName, strictestAudit, type SiteAuditDevice, type SiteTenant } from '../site-audit';
import { KEY_02_STACK } from '../stack-rules/key/KEY-02';
import type { StateResource } from '../terraform/state-reader';
import type { VerifyCheck, VerifyReport } from './verify-state';

/** The resource type of an audit device, as the pinned Vault provider names it. */
export const AUDIT = 'vault_audit';

/** What a site state is judged against: the site and the tenants placed there. */
export interface VerifySiteInput {
  readonly site: Site;
  readonly tenants: readonly SiteTenant[];
  readonly stateFile: string;
  /**
   * Only the devices this keeps (the evidence of one tenant checks the devices that log it).
   * @default - every device the site stack declares
   */
  readonly devices?: (device: SiteAuditDevice) => boolean;
}

const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v));
/** A device path as Vault and OpenBao may write it (`file/`, `/file`), without its slashes. */
export const trimmedPath = (p: unknown) => (typeof p === 'string' ? p.replace(/^\/+|\/+$/g, '') : p);

/** An audit device as the server lists it back, where it was read. */
export interface DeployedDevice {
  /** Where it was read: a state address (`vault_audit.audit-file`) or a path in an audit list (`file/`). */
  readonly address: string;
  readonly type: unknown;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * KEY-02 checks of `devices` against what the server lists: for each device, its type and every option govcloud
 * gave it (file path, collector address and socket type, format, namespace filter), found at its path by `lookup`;
 * a device not found fails each of its checks, addressed by `missing(path)`.
 */
export function deviceChecks(devices: readonly SiteAuditDevice[], lookup: (path: string) => DeployedDevice | undefined, missing: (path: string) => string): VerifyCheck[] {
  return devices.flatMap((device) => {
    const found = lookup(device.path);
    const check = (attribute: string, value: unknown, expected: string): VerifyCheck => ({
      rule: KEY_02_STACK.id,
      address: found?.address ?? missing(device.path),
      attribute,
      holds: found !== undefined && show(value) === expected,
      found: found ? show(value) : 'absent: no audit device at this path',
      expected,
    });
    return [
      check('type', found?.type, JSON.stringify(device.type)),
      ...Object.entries(device.options).map(([key, value]) => check(`options.${key}`, found?.options[key], JSON.stringify(value))),
    ];
  });
}

/**
 * KEY-02 as deployed: every device the site stack declares is in the state with its type and every option it was
 * given (file path, collector address, namespace filter). An OpenBao site declares its devices in the server
 * config, not in Terraform: nothing of them is in its state, and the report says so.
 */
export function verifySiteState(input: VerifySiteInput, resources: readonly StateResource[]): VerifyReport {
  const { site } = input;
  const stack = siteStackName(site.id);
  const audits = resources.filter((r) => r.mode === 'managed' && r.type === AUDIT);
  const notChecked: string[] = [];
  let checks: VerifyCheck[] = [];
  if (site.vault.edition === 'openbao') {
    notChecked.push(
      `KEY-02 (audit devices): site ${site.id} runs OpenBao, whose devices are declared in its server config (sites/${site.id}/openbao-audit.hcl), not in Terraform state; check them on the server with --audit-list (bao audit list -format=json)`,
    );
  } else {
    const lookup = (path: string): DeployedDevice | undefined => {
      const r = audits.find((a) => trimmedPath(a.values.path) === path);
      return r && { address: r.address, type: r.values.type, options: (r.values.options ?? {}) as Record<string, unknown> };
    };
    checks = deviceChecks(siteAuditDevices(site, input.tenants).filter(input.devices ?? (() => true)), lookup, (path) => `${AUDIT} (path "${path}")`);
  }
  return {
    tenant: stack,
    site: site.id,
    classification: strictestAudit(input.tenants)?.id ?? 'none',
    stateFile: input.stateFile,
    rules: [{ id: KEY_02_STACK.id, title: KEY_02_STACK.title, checks }],
    notChecked,
  };
}
