import { evaluateTenant } from '../policy/tenant-rules/catalogue';
import { errorsOf } from '../policy/finding';
import type { TenantPlacement } from '../policy/placement';
import type { RuleConcern, TenantPolicyInput } from '../policy/tenant-rules/tenant-rule';
import { ResidencyError } from './residency-error';

/**
 * Evaluates the rules of `concerns` (placement rules always) against the placement and what the tenant
 * declares (`declared`: its keys, its endpoints; rules about what is not given stay quiet) and throws one {@link ResidencyError} listing
 * every error if any. Called first thing in every tenant constructor, before any resource exists.
 */
export function assertResidency(
  construct: string,
  placement: TenantPlacement,
  concerns: readonly RuleConcern[],
  declared: Pick<TenantPolicyInput, 'keys' | 'reach' | 'vms' | 'recovery'> = {},
): void {
  const errors = errorsOf(evaluateTenant({ ...placement, ...declared }, concerns));
  if (errors.length) throw new ResidencyError(placement.tenant, errors, construct);
}
