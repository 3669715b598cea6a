import * as fs from 'fs';
import * as path from 'path';
import { errorsOf, type Finding } from '../../policy/finding';
import type { GovCloudConfig, LoadedTenant } from '../../loader/load-config';
import { checkStacks } from '../../check/check-stacks';
import { outputHash, readRecords, type StackRecord } from '../../check/synth-output';
import { tenantInputs, writeInputs } from './incremental';
import { evaluateTenants, selectTenants } from './select-tenants';
import { TenantsRefused } from './tenants-refused';
import { publishOutput } from './publish-output';
import { readManifest, writeManifest } from './cdktf-manifest';
import type { BuiltStacks, SynthOptions, SynthResult } from './synth-types';
import { openBaoAuditFile, SITE_STACK_PREFIX } from '../../policy/site-audit';
import { ownSiteFiles, siteFilesOf } from './site-files';
import { RECOVERY_STACK_SUFFIX, recoveryStackName } from '../../policy/tenant-rules/avl';

/** What {@link prepareSynth} decided: nothing to build, or these tenants. */
export type SynthPlan =
  | { readonly done: SynthResult }
  | {
      readonly done?: undefined;
      readonly outDir: string;
      readonly selected: LoadedTenant[];
      readonly only?: readonly string[];
      readonly findings: Finding[];
      readonly previous: ReadonlyMap<string, StackRecord>;
      readonly unchanged: string[];
      readonly removed: string[];
      readonly strays: string[];
    };

/** Selects the tenants to build (incremental skips included) and refuses any that breaks a tenant rule. */
export function prepareSynth(config: GovCloudConfig, options: SynthOptions, outDir: string, strays: string[]): SynthPlan {
  const previous = readRecords(outDir);
  let only = options.tenants;
  let unchanged: string[] = [];
  let removed: string[] = [];
  if (options.incremental && only === undefined && previous.size) {
    const stackFile = (name: string) => path.join(outDir, 'stacks', name, 'cdk.tf.json');
    const isSame = (t: LoadedTenant) => {
      const rec = previous.get(t.spec.name);
      // A recovery stack is written with its tenant's, from the same inputs: it must be there too.
      const recoveryThere = !t.spec.recovery || rec?.recoveryOutput === outputHash(stackFile(recoveryStackName(t.spec.name)));
      return rec !== undefined && rec.inputs === tenantInputs(config, t) && rec.output === outputHash(stackFile(t.spec.name)) && recoveryThere;
    };
    const same = new Set(config.tenants.filter(isSame).map((t) => t.spec.name));
    unchanged = [...same];
    only = config.tenants.filter((t) => !same.has(t.spec.name)).map((t) => t.spec.name);
    const names = new Set(config.tenants.map((t) => t.spec.name));
    removed = [...previous.keys()].filter((n) => !names.has(n));
    // Site stacks are not recorded: they are written again by every synth that writes, and must be there.
    const sitesThere = siteFilesOf(config).every((rel) => fs.existsSync(path.join(outDir, rel)));
    if (only.length === 0 && removed.length === 0 && sitesThere) {
      return { done: { tenants: [], warnings: [], tenantFindings: [], report: checkStacks(config, []), unchanged, removed, kept: [], strays } };
    }
  }
  const selected = selectTenants(config, only);
  const findings = evaluateTenants(config, selected);
  const errors = errorsOf(findings);
  if (errors.length) throw new TenantsRefused(errors);
  return { outDir, selected, only, findings, previous, unchanged, removed, strays };
}

/** Refuses on stack errors, records the inputs, and publishes `tmp` into the output folder. */
export function finishSynth(plan: Exclude<SynthPlan, { done: SynthResult }>, tmp: string, built: BuiltStacks, config: GovCloudConfig, options: SynthOptions): SynthResult {
  const { outDir, selected, only, findings, previous, unchanged, strays } = plan;
  const { tenants, report } = built;
  const stackFindings = report.stacks.flatMap((s) => s.findings).filter((f) => !f.suppressedBy);
  const stackErrors = stackFindings.filter((f) => f.severity === 'error');
  if (stackErrors.length) throw new TenantsRefused(stackErrors);
  // What each written stack was made from, so the next incremental synth can skip it.
  const records = new Map<string, StackRecord>();
  for (const t of selected) {
    const written = (stack: string) => outputHash(path.join(tmp, 'stacks', stack, 'cdk.tf.json'));
    const recoveryOutput = t.spec.recovery ? written(recoveryStackName(t.spec.name)) : undefined;
    records.set(t.spec.name, { inputs: tenantInputs(config, t), output: written(t.spec.name)!, ...(recoveryOutput ? { recoveryOutput } : {}) });
  }
  const old = readManifest(outDir);
  const siteNames = (built.sites ?? []).map((s) => s.name);
  const builtNames = [...tenants.map((t) => t.name), ...siteNames];
  // Site stacks of sites no longer in use go, as the stacks of removed tenants do.
  const inUse = siteFilesOf(config);
  const oldSites = Object.keys(old?.stacks ?? {}).filter((n) => n.startsWith(SITE_STACK_PREFIX) && !inUse.includes(`stacks/${n}/cdk.tf.json`));
  // So do recovery stacks of tenants that no longer declare a recovery site.
  const recoveries = config.tenants.filter((t) => t.spec.recovery).map((t) => recoveryStackName(t.spec.name));
  const tenantNames = new Set(config.tenants.map((t) => t.spec.name));
  const oldRecoveries = Object.keys(old?.stacks ?? {}).filter((n) => n.endsWith(RECOVERY_STACK_SUFFIX) && !recoveries.includes(n) && !tenantNames.has(n));
  let removed = [...plan.removed, ...oldSites, ...oldRecoveries];
  if (only === undefined) {
    // A full synth: the output is exactly the selected tenants; every stack govcloud wrote before for another goes.
    const before = new Set([...previous.keys(), ...Object.keys(old?.stacks ?? {})]);
    removed = [...before].filter((n) => !builtNames.includes(n)).sort();
    writeInputs(tmp, records);
    if (!readManifest(tmp)) writeManifest(tmp, { version: old?.version ?? '', stacks: {} });
  } else {
    const fresh = readManifest(tmp);
    // By tenant in a Map, then back to an object with own properties only: `stacks[name]` on the parsed object
    // would read (or, for __proto__, replace) what every object inherits.
    const stacks = new Map(Object.entries(old?.stacks ?? {}));
    const added = new Map(Object.entries(fresh?.stacks ?? {}));
    for (const name of builtNames) stacks.set(name, added.get(name));
    for (const name of removed) stacks.delete(name);
    // Written as cdktf writes it, so a partial synth leaves the same bytes as a full one.
    writeManifest(tmp, { ...(old ?? fresh ?? { version: '' }), stacks: Object.fromEntries(stacks) });
    const keptRecords = [...previous].filter(([n]) => !removed.includes(n));
    writeInputs(tmp, new Map([...keptRecords, ...records]));
  }
  const files = (built.sites ?? []).filter((s) => s.artefact).map((s) => openBaoAuditFile(s.site));
  const deletedFiles = ownSiteFiles(outDir).filter((rel) => !inUse.includes(rel));
  const kept = publishOutput(outDir, tmp, { built: builtNames, removed, files, deletedFiles }, options.afterPublishStep);
  return {
    tenants,
    sites: built.sites ?? [],
    warnings: [...findings.filter((f) => f.severity === 'warning'), ...stackFindings.filter((f) => f.severity === 'warning')],
    tenantFindings: findings,
    report,
    unchanged,
    removed,
    kept: kept.map((k) => ({ ...k, dir: path.join(options.outDir, 'stacks', k.tenant) })),
    strays,
  };
}
