import type { RuleConcern, TenantPolicyInput, TenantRule } from './tenant-rule';
import type { Finding } from '../finding';
import { PLACEMENT_RULES } from './res/placement-rules';
import { RES_14 } from './res/RES-14';
import { RES_15 } from './res/RES-15';
import { RES_16 } from './res/RES-16';
import { ENCRYPTION_RULES } from './enc';
import { KEY_RULES } from './key';
import { NETWORK_RULES } from './net';
import { STATE_LOCATION_RULES } from './sta';
import { VENDOR_RULES } from './vnd';
import { AVAILABILITY_RULES, recoveryFindings } from './avl';

/** Where a site's keys, audit logs and state are held (RES-14, RES-15, RES-16), after where its disks are. */
const CUSTODY_RULES: readonly TenantRule[] = [RES_14, RES_15, RES_16];

/**
 * Every rule over declared tenants, in the order their findings are reported. A rule lives in the file of its id
 * prefix: `res/<ID>.ts` (one file per id), `enc.ts`, `key.ts`, `net.ts`, `sta.ts`, `vnd.ts`.
 */
export const TENANT_RULES: readonly TenantRule[] = [
  ...PLACEMENT_RULES,
  ...CUSTODY_RULES,
  ...ENCRYPTION_RULES,
  ...KEY_RULES,
  ...NETWORK_RULES,
  ...STATE_LOCATION_RULES,
  ...AVAILABILITY_RULES,
  ...VENDOR_RULES,
];

/**
 * Every violation of the catalogue by one tenant. With `concerns`, only the rules about those parts of a
 * tenant run (placement rules always run: nothing may be built at a site the classification forbids).
 */
export function evaluateTenant(input: TenantPolicyInput, concerns?: readonly RuleConcern[]): Finding[] {
  const rules = concerns
    ? TENANT_RULES.filter((r) => r.concerns.some((c) => c === 'placement' || concerns.includes(c)))
    : TENANT_RULES;
  const siteRules = rules.filter((r) => !AVAILABILITY_RULES.includes(r));
  const atPrimary = siteRules.flatMap((rule) => rule.check(input));
  const availability = rules.filter((r) => AVAILABILITY_RULES.includes(r)).flatMap((rule) => rule.check(input));
  if (!input.recovery) return [...atPrimary, ...availability];
  // The recovery site is judged by every rule as the primary is: the tenant placed there, without a recovery of its own.
  const replica = { ...input, site: input.recovery.site, recovery: undefined };
  const atRecovery = siteRules.flatMap((rule) => rule.check(replica));
  return [...atPrimary, ...recoveryFindings(input, atPrimary, atRecovery), ...availability];
}
