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
const trimmed = (p: unknown) => (typeof p === 'string' ? p.replace(/^\/+|\/+$/g, '') : p);

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
  const checks: VerifyCheck[] = [];
  if (site.vault.edition === 'openbao') {
    notChecked.push(
      `KEY-02 (audit devices): site ${site.id} runs OpenBao, whose devices are declared in its server config (sites/${site.id}/openbao-audit.hcl), not in Terraform state; check them on the servers`,
    );
  } else {
    for (const device of siteAuditDevices(site, input.tenants).filter(input.devices ?? (() => true))) {
      const found = audits.find((a) => trimmed(a.values.path) === device.path);
      const address = found?.address ?? `${AUDIT} (path "${device.path}")`;
      const check = (attribute: string, value: unknown, expected: string): VerifyCheck => ({
        rule: KEY_02_STACK.id,
        address,
        attribute,
        holds: show(value) === expected,
        found: found ? show(value) : 'absent: no audit device at this path',
        expected,
      });
      checks.push(check('type', found?.values.type, JSON.stringify(device.type)));
      const options = (found?.values.options ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(device.options)) checks.push(check(`options.${key}`, found ? options[key] : undefined, JSON.stringify(value)));
    }
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
