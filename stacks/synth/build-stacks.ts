// First: before anything loads cdktf (see the module); this module is loaded only when a synth builds stacks.
import './defer-cdktf-dependencies';
import * as path from 'path';
import { App, TerraformResource } from 'cdktf';
import { ResidencyError } from '../../constructs/residency-error';
import type { GovCloudConfig, LoadedTenant } from '../../loader/load-config';
import { checkStacks } from '../../check/check-stacks';
import { readCheckInputs } from '../../check/read-inputs';
import { TenantStack } from '../tenant-stack';
import { RecoveryStack } from '../recovery-stack';
import { TenantsRefused } from './tenants-refused';
import { withoutTokenStackTraces } from './token-stack-traces';
import { forgettingTokens } from './synth-shortcuts';
import type { BuildOptions, BuiltStacks, SynthesizedTenant } from './synth-types';
import { collectAfterChunk } from './heap-bound';

/**
 * Adds one {@link TenantStack} per selected tenant to `app`, and a {@link RecoveryStack} for each that declares a
 * recovery site. A tenant whose constructors refuse it is returned in `refusals` instead of stopping the others, so
 * every refusal is reported at once.
 */
export function addTenantStacks(
  app: App,
  config: GovCloudConfig,
  tenants: readonly LoadedTenant[] = config.tenants,
): { stacks: TenantStack[]; recoveries: RecoveryStack[]; refusals: ResidencyError[] } {
  const catalogue = [...config.sites.values()];
  const custodians = [...config.custodians.values()];
  const stacks: TenantStack[] = [];
  const recoveries: RecoveryStack[] = [];
  const refusals: ResidencyError[] = [];
  for (const t of tenants) {
    try {
      const props = {
        spec: t.spec,
        site: config.sites.get(t.spec.site)!,
        classification: config.classifications.get(t.spec.classification)!,
        catalogue,
        custodians,
      };
      stacks.push(new TenantStack(app, props));
      const recoverySite = t.spec.recovery && config.sites.get(t.spec.recovery.site);
      if (recoverySite) recoveries.push(new RecoveryStack(app, { ...props, recoverySite }));
    } catch (e) {
      if (!(e instanceof ResidencyError)) throw e;
      refusals.push(e);
    }
  }
  return { stacks, recoveries, refusals };
}

/**
 * Synthesizes `tenants` with one cdktf App into `dir` (cdktf's layout: `stacks/<tenant>/cdk.tf.json` and
 * `manifest.json`) and judges what was written with the whole-stack catalogue. Runs in a synth worker too.
 */
export function buildStacks(config: GovCloudConfig, tenants: readonly LoadedTenant[], dir: string, options: BuildOptions): BuiltStacks {
  const outDir = path.resolve(options.outDir);
  // Tokens are forgotten only when nothing outside this function holds the stacks (a customize hook might).
  const forget = options.customize ? <T>(fn: () => T) => fn() : forgettingTokens;
  const built = withoutTokenStackTraces(() => forget(() => {
    const app = new App({ outdir: dir, stackTraces: false });
    const { stacks, recoveries, refusals } = addTenantStacks(app, config, tenants);
    // The rules above and the constructors share one catalogue; this only fires if they ever disagree.
    if (refusals.length) throw new TenantsRefused(refusals.flatMap((r) => r.findings));
    if (options.customize) stacks.forEach(options.customize);
    // Code added by customize may reference anything; only stacks holding what the toolkit built take cdktf's
    // shortcuts, and none does when a hook was given (it could reach the recovery stacks through the app).
    else [...stacks, ...recoveries].forEach((s) => (s.shortcuts = true));
    app.synth();
    const recoveryOf = new Map(recoveries.map((r) => [r.props.spec.name, r]));
    return stacks.flatMap((stack) => {
      const r = recoveryOf.get(stack.props.spec.name);
      return [describe(stack, outDir), ...(r ? [describeRecovery(r, outDir)] : [])];
    });
  }));
  // The whole-stack catalogue judges what Terraform will receive, including what `customize` or anything
  // else added beside the constructs, before the output is published.
  const report = checkStacks(config, built.length ? readCheckInputs([dir]) : [], {
    today: options.today,
    stackFile: (doc) => path.join(outDir, 'stacks', doc.stack, 'cdk.tf.json'),
  });
  // Every thread that builds chunks (serially, or in parallel here and in the workers) bounds its heap between them.
  collectAfterChunk();
  return { tenants: built, report };
}

/** A recovery stack, described as a tenant's is, at its recovery site. */
function describeRecovery(stack: RecoveryStack, outDir: string): SynthesizedTenant {
  return {
    name: stack.node.id,
    site: stack.props.recoverySite.id,
    classification: stack.props.classification.id,
    resources: stack.node.findAll().filter((c) => TerraformResource.isTerraformResource(c)).length,
    file: path.join(outDir, 'stacks', stack.node.id, 'cdk.tf.json'),
    recoveryOf: stack.props.spec.name,
  };
}

function describe(stack: TenantStack, outDir: string): SynthesizedTenant {
  const resources = stack.node.findAll().filter((c) => TerraformResource.isTerraformResource(c)).length;
  return {
    name: stack.props.spec.name,
    site: stack.props.site.id,
    classification: stack.props.classification.id,
    resources,
    file: path.join(outDir, 'stacks', stack.node.id, 'cdk.tf.json'),
  };
}
