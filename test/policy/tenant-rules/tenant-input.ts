import { evaluateTenant } from '../../../policy/tenant-rules/catalogue';
import type { TenantPolicyInput } from '../../../policy/tenant-rules/tenant-rule';
import { healthClass, luSite } from '../fixtures';

/** Key settings every classification accepts. */
export const keys = { rotationDays: 90, deletionAllowed: false };
/** A health tenant on a Luxembourg State site with every control, changed by `over`. */
export const input = (over: Partial<TenantPolicyInput> = {}): TenantPolicyInput => ({
  tenant: 't1',
  site: luSite(),
  classification: healthClass(),
  keys,
  ...over,
});
/** The ids of the rules `i` breaks, in catalogue order. */
export const ids = (i: TenantPolicyInput) => evaluateTenant(i).map((f) => f.ruleId);
