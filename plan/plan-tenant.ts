import type { GovCloudConfig } from '../loader/load-config';
import { UsageError } from '../loader/usage-error';
import { RECOVERY_STACK_SUFFIX } from '../policy/tenant-rules/avl';
import { siteOfStack } from '../policy/site-audit';
import { synthesizeTenants } from '../stacks/synth';
import { PLAN_FILE, stackFolder } from './saved-plan';
import { PROVIDER_INSTALL_HINTS, providerInstallFailure, runTerraform, TerraformFailed } from './terraform-runner';

// `govcloud plan`'s synthesis and terraform plan, apart from saved-plan.ts: `govcloud apply`, which reads a saved
// plan, so loads neither cdktf nor the provider bindings (152 of the 458 modules it loaded).

/**
 * The tenants to synthesize to plan `stack`: the tenant itself, or for a site stack `site-<id>` every tenant of
 * that site (a site stack is written by a synth of its tenants, whose audit devices it holds). A site that holds no
 * tenant has no stack: bad input. Any other name is left to synthesis, which refuses it naming the tenants.
 */
export function tenantsToSynthesize(config: GovCloudConfig, stack: string): string[] {
  if (config.tenants.some((t) => t.spec.name === stack)) return [stack];
  // A recovery stack (`<tenant>-recovery`) is synthesized with its tenant.
  const recovered = stack.endsWith(RECOVERY_STACK_SUFFIX) ? config.tenants.find((t) => t.spec.recovery && `${t.spec.name}${RECOVERY_STACK_SUFFIX}` === stack) : undefined;
  if (recovered) return [recovered.spec.name];
  const site = siteOfStack(stack, config.sites);
  if (!site) return [stack];
  // A site's stack logs its tenants and the tenants it holds the recovery stacks of.
  const tenants = config.tenants.filter((t) => t.spec.site === site.id || t.spec.recovery?.site === site.id).map((t) => t.spec.name);
  if (tenants.length === 0) {
    throw new UsageError([{ file: stack, field: '', message: `site ${site.id} holds no tenant, so govcloud writes no stack for it`, fix: 'plan a site that holds tenants, or a tenant' }]);
  }
  return tenants;
}

/**
 * Synthesizes and checks one tenant into `outDir` (as `govcloud synth --tenant` does; for a site stack
 * `site-<id>`, the tenants of that site, which writes the site stack), calls `synthesized` with its stack folder,
 * then runs the real terraform there, `init` and `plan -out`, with their output streaming through. Returns the
 * stack folder. Throws {@link TerraformFailed} when a step fails (with how to install the providers offline, when
 * init could not), and what synthesis throws when the tenant is refused.
 */
export function planTenant(config: GovCloudConfig, tenant: string, outDir: string, synthesized: (dir: string) => void = () => undefined): string {
  // A recovery stack (`<tenant>-recovery`) is synthesized with its tenant, and planned in its own folder.
  synthesizeTenants(config, { outDir, tenants: tenantsToSynthesize(config, tenant), command: 'plan' });
  const dir = stackFolder(outDir, tenant);
  synthesized(dir);
  const init = runTerraform(dir, ['init', '-input=false'], { keepStderr: true });
  if (init.status !== 0) {
    const why = providerInstallFailure(init.stderr);
    throw new TerraformFailed('init', init.status, why && PROVIDER_INSTALL_HINTS[why]);
  }
  const plan = runTerraform(dir, ['plan', '-input=false', `-out=${PLAN_FILE}`]);
  if (plan.status !== 0) throw new TerraformFailed('plan', plan.status);
  return dir;
}
