import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformResource } from 'cdktf';
import stableStringify from 'json-stable-stringify';
import { evaluateTenant } from '../policy/catalogue';
import { tenantReach } from '../policy/rules/network';
import { errorsOf, type Finding } from '../policy/finding';
import { ResidencyError } from '../constructs/residency-error';
import type { GovCloudConfig, LoadedTenant } from './config/load-config';
import { TenantStack } from './tenant-stack';
import { TenantsRefused } from './tenants-refused';

export { TenantsRefused } from './tenants-refused';
import { withoutTokenStackTraces } from './token-stack-traces';
import { forgettingTokens } from './synth-shortcuts';
import { outputHash, readInputs, tenantInputs, writeInputs, type StackInputs } from './incremental';
import { checkStacks } from './check/check-stacks';
import type { CheckReport } from '../policy/report/check-report';
import type { SynthJob } from './synth-workers';
import { readCheckInputs } from './check/read-inputs';
import { UsageError } from './config/usage-error';
import { claimOutputFolder, removeOwnFiles, SCRATCH_PREFIX } from './synth/output-folder';
import { lockOutputFolder } from './synth/output-lock';
import { finishInterruptedPublish, JOURNAL_FILE, publishOutput, removeStaleScratch, type KeptStack } from './synth/publish-output';

/** What one synthesized tenant became. */
export interface SynthesizedTenant {
  readonly name: string;
  readonly site: string;
  readonly classification: string;
  /** Number of Terraform resources (not data sources) in the stack. */
  readonly resources: number;
  /** Path of the written `cdk.tf.json`. */
  readonly file: string;
}

/** The outcome of a synth that wrote its output. */
export interface SynthResult {
  readonly tenants: readonly SynthesizedTenant[];
  /** Warning findings: printed, but they do not stop synthesis. */
  readonly warnings: readonly Finding[];
  /** Every tenant-rule finding of the synthesized tenants (warnings only, since errors refuse). */
  readonly tenantFindings: readonly Finding[];
  /** The whole-stack check of what was written (locations relative to the working directory). */
  readonly report: CheckReport;
  /** Tenants an incremental synth left as they were, their inputs and stack unchanged. */
  readonly unchanged: readonly string[];
  /** Stacks removed because their tenant no longer exists (only their `cdk.tf.json`: see `kept`). */
  readonly removed: readonly string[];
  /**
   * Stack folders of removed tenants that were kept because they hold files govcloud did not write (Terraform
   * state, `.terraform/`): the tenant's resources may still exist.
   */
  readonly kept: readonly KeptStack[];
  /** Files govcloud did not write, found in folders dead synths left (left where they are). */
  readonly strays: readonly string[];
}

/** The tenants of `config` named in `only` (all when undefined); an unknown name is a config error. */
export function selectTenants(config: GovCloudConfig, only?: readonly string[]): LoadedTenant[] {
  if (only === undefined) return [...config.tenants];
  const known = new Map(config.tenants.map((t) => [t.spec.name, t]));
  const unknown = only.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new UsageError(
      unknown.map((n) => ({
        file: path.join(config.dir, 'tenants'),
        field: '--tenant',
        message: `no tenant named "${n}"`,
        fix: `use one of: ${config.tenants.map((t) => t.spec.name).join(', ')}`,
      })),
    );
  }
  return [...new Set(only)].sort().map((n) => known.get(n)!);
}

/** Every finding (errors and warnings) of the selected tenants, in tenant order. */
export function evaluateTenants(config: GovCloudConfig, tenants: readonly LoadedTenant[]): Finding[] {
  const catalogue = [...config.sites.values()];
  return tenants.flatMap((t) =>
    evaluateTenant({
      tenant: t.spec.name,
      site: config.sites.get(t.spec.site)!,
      classification: config.classifications.get(t.spec.classification)!,
      keys: t.spec.keys,
      reach: tenantReach(t.spec),
      catalogue,
    }),
  );
}

/**
 * Adds one {@link TenantStack} per selected tenant to `app`. A tenant whose constructors refuse it is
 * returned in `refusals` instead of stopping the others, so every refusal is reported at once.
 */
export function addTenantStacks(
  app: App,
  config: GovCloudConfig,
  tenants: readonly LoadedTenant[] = config.tenants,
): { stacks: TenantStack[]; refusals: ResidencyError[] } {
  const catalogue = [...config.sites.values()];
  const stacks: TenantStack[] = [];
  const refusals: ResidencyError[] = [];
  for (const t of tenants) {
    try {
      stacks.push(
        new TenantStack(app, {
          spec: t.spec,
          site: config.sites.get(t.spec.site)!,
          classification: config.classifications.get(t.spec.classification)!,
          catalogue,
        }),
      );
    } catch (e) {
      if (!(e instanceof ResidencyError)) throw e;
      refusals.push(e);
    }
  }
  return { stacks, refusals };
}

/** Options of {@link synthesizeTenants}. */
export interface SynthOptions {
  /** Output folder, laid out as cdktf does (`stacks/<tenant>/cdk.tf.json`, `manifest.json`). */
  readonly outDir: string;
  /**
   * Synthesize only these tenants (possibly none, for an empty shard) and leave the other stacks in `outDir`
   * as they are.
   * @default - every tenant, and the stacks of tenants that are gone are removed
   */
  readonly tenants?: readonly string[];
  /**
   * Called with every tenant stack after the toolkit built it: a place to add resources beside the toolkit's
   * constructs. Whatever it adds is checked by the whole stack catalogue like the rest.
   * @default - nothing is added
   */
  readonly customize?: (stack: TenantStack) => void;
  /**
   * Today's date (`YYYY-MM-DD`) against which suppressions expire.
   * @default the current UTC date
   */
  readonly today?: string;
  /**
   * Skip tenants whose inputs (tenant file, site catalogue, classifications, toolkit version, lock file and
   * code) and stack are unchanged since the last synth into `outDir`, as recorded in its `.govcloud-inputs.json`;
   * remove the stacks of tenants that are gone. The output is the same as a full synth's. Ignored with
   * `tenants`, and when `outDir` has no record (then the synth is full).
   * @default false - every selected tenant is synthesized
   */
  readonly incremental?: boolean;
  /**
   * The command that writes, named in the output's lock so a second command can say who holds it.
   * @default 'synth'
   */
  readonly command?: string;
  /**
   * Called after each step of the publish (for tests that interrupt a synth there).
   * @default - nothing
   */
  readonly afterPublishStep?: (step: string) => void;
}

/** At most this many tenants share one cdktf App, so memory stays bounded whatever the tenant count. */
export const CHUNK_TENANTS = 200;

/** Below this many tenants per worker, starting workers costs more than it saves. */
export const MIN_TENANTS_PER_WORKER = 100;

/** What synthesizing some tenants gave: their stacks, written, and the whole-stack check of them. */
export interface BuiltStacks {
  readonly tenants: readonly SynthesizedTenant[];
  readonly report: CheckReport;
}

/** Options of {@link buildStacks}. */
export interface BuildOptions {
  /** Where the stacks will be published (the report and the results name files there). */
  readonly outDir: string;
  /**
   * Called with every tenant stack after the toolkit built it.
   * @default - nothing is added
   */
  readonly customize?: (stack: TenantStack) => void;
  /**
   * Today's date (`YYYY-MM-DD`) against which suppressions expire.
   * @default the current UTC date
   */
  readonly today?: string;
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
    const { stacks, refusals } = addTenantStacks(app, config, tenants);
    // The rules above and the constructors share one catalogue; this only fires if they ever disagree.
    if (refusals.length) throw new TenantsRefused(refusals.flatMap((r) => r.findings));
    if (options.customize) stacks.forEach(options.customize);
    // Code added by customize may reference anything; only toolkit-built stacks take cdktf's shortcuts.
    else stacks.forEach((s) => (s.shortcuts = true));
    app.synth();
    return stacks.map((stack) => describe(stack, outDir));
  }));
  // The whole-stack catalogue judges what Terraform will receive, including what `customize` or anything
  // else added beside the constructs, before the output is published.
  const report = checkStacks(config, built.length ? readCheckInputs([dir]) : [], {
    today: options.today,
    stackFile: (doc) => path.join(outDir, 'stacks', doc.stack, 'cdk.tf.json'),
  });
  return { tenants: built, report };
}

/** Splits `tenants` into `n` or more chunks of at most {@link CHUNK_TENANTS}, in order. */
export function chunksOf<T>(tenants: readonly T[], n = 1): T[][] {
  const count = Math.max(n, Math.ceil(tenants.length / CHUNK_TENANTS));
  const size = Math.max(1, Math.ceil(tenants.length / count));
  const out: T[][] = [];
  for (let i = 0; i < tenants.length; i += size) out.push(tenants.slice(i, i + size));
  return out;
}

/**
 * Moves the stacks of every part folder into `dir` and writes one `manifest.json` for them all, as cdktf writes
 * it; the reports are joined in the order a single check of `dir` would give (stacks by name).
 */
export function mergeParts(dir: string, parts: readonly { dir: string; built: BuiltStacks }[], order: readonly LoadedTenant[]): BuiltStacks {
  fs.mkdirSync(path.join(dir, 'stacks'), { recursive: true });
  let manifest: Manifest | undefined;
  for (const part of parts) {
    for (const name of fs.readdirSync(path.join(part.dir, 'stacks'))) fs.renameSync(path.join(part.dir, 'stacks', name), path.join(dir, 'stacks', name));
    const m = JSON.parse(fs.readFileSync(path.join(part.dir, 'manifest.json'), 'utf8')) as Manifest;
    manifest = manifest ? { ...manifest, stacks: { ...manifest.stacks, ...m.stacks } } : m;
    fs.rmSync(part.dir, { recursive: true, force: true });
  }
  if (manifest) fs.writeFileSync(path.join(dir, 'manifest.json'), stableStringify(manifest, { space: 2 }) ?? '');
  const position = new Map(order.map((t, i) => [t.spec.name, i]));
  const tenants = parts.flatMap((p) => p.built.tenants).sort((a, b) => position.get(a.name)! - position.get(b.name)!);
  return { tenants, report: mergeReports(parts.map((p) => p.built.report)) };
}

/** One report of several checks of disjoint stacks, equal to the report of one check of them all. */
function mergeReports(reports: readonly CheckReport[]): CheckReport {
  const byName = (a: { stack: string }, b: { stack: string }) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0);
  const stacks = reports.flatMap((r) => r.stacks).sort(byName);
  const suppressions = stacks.flatMap((s) => reports.flatMap((r) => r.suppressions.filter((x) => x.tenant === s.tenant)));
  return {
    ...reports[0],
    stacks,
    suppressions,
    unexamined: [...new Set(stacks.flatMap((s) => s.unexamined))].sort(),
  };
}

/** What {@link prepareSynth} decided: nothing to build, or these tenants. */
type SynthPlan =
  | { readonly done: SynthResult }
  | {
      readonly done?: undefined;
      readonly outDir: string;
      readonly selected: LoadedTenant[];
      readonly only?: readonly string[];
      readonly findings: Finding[];
      readonly previous: ReadonlyMap<string, StackInputs>;
      readonly unchanged: string[];
      readonly removed: string[];
      readonly strays: string[];
    };

/** Selects the tenants to build (incremental skips included) and refuses any that breaks a tenant rule. */
function prepareSynth(config: GovCloudConfig, options: SynthOptions, outDir: string, strays: string[]): SynthPlan {
  const previous = readInputs(outDir);
  let only = options.tenants;
  let unchanged: string[] = [];
  let removed: string[] = [];
  if (options.incremental && only === undefined && previous.size) {
    const stackFile = (name: string) => path.join(outDir, 'stacks', name, 'cdk.tf.json');
    const isSame = (t: LoadedTenant) => {
      const rec = previous.get(t.spec.name);
      return rec !== undefined && rec.inputs === tenantInputs(config, t) && rec.output === outputHash(stackFile(t.spec.name));
    };
    const same = new Set(config.tenants.filter(isSame).map((t) => t.spec.name));
    unchanged = [...same];
    only = config.tenants.filter((t) => !same.has(t.spec.name)).map((t) => t.spec.name);
    const names = new Set(config.tenants.map((t) => t.spec.name));
    removed = [...previous.keys()].filter((n) => !names.has(n));
    if (only.length === 0 && removed.length === 0) {
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
function finishSynth(plan: Exclude<SynthPlan, { done: SynthResult }>, tmp: string, built: BuiltStacks, config: GovCloudConfig, options: SynthOptions): SynthResult {
  const { outDir, selected, only, findings, previous, unchanged, strays } = plan;
  const { tenants, report } = built;
  const stackFindings = report.stacks.flatMap((s) => s.findings).filter((f) => !f.suppressedBy);
  const stackErrors = stackFindings.filter((f) => f.severity === 'error');
  if (stackErrors.length) throw new TenantsRefused(stackErrors);
  // What each written stack was made from, so the next incremental synth can skip it.
  const records = new Map<string, StackInputs>();
  for (const t of selected) {
    records.set(t.spec.name, { inputs: tenantInputs(config, t), output: outputHash(path.join(tmp, 'stacks', t.spec.name, 'cdk.tf.json'))! });
  }
  const old = readManifest(outDir);
  const builtNames = tenants.map((t) => t.name);
  let removed = plan.removed;
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
  const kept = publishOutput(outDir, tmp, { built: builtNames, removed }, options.afterPublishStep);
  return {
    tenants,
    warnings: [...findings.filter((f) => f.severity === 'warning'), ...stackFindings.filter((f) => f.severity === 'warning')],
    tenantFindings: findings,
    report,
    unchanged,
    removed,
    kept: kept.map((k) => ({ ...k, dir: path.join(options.outDir, 'stacks', k.tenant) })),
    strays,
  };
}

function readManifest(dir: string): Manifest | undefined {
  const file = path.join(dir, 'manifest.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest) : undefined;
}

function writeManifest(dir: string, manifest: Manifest): void {
  fs.writeFileSync(path.join(dir, 'manifest.json'), stableStringify(manifest, { space: 2 }) ?? '');
}

/** An output folder held for one synth: claimed, locked, tidied, with a scratch folder inside to build in. */
interface HeldOutput {
  readonly dir: string;
  readonly scratch: string;
  /** Files govcloud did not write found in what dead synths left. */
  readonly strays: string[];
  /** Removes the scratch folder and the lock; after a failure also the output folder if this synth created it. */
  release(succeeded: boolean): void;
}

/**
 * Claims `options.outDir` (refusing a folder govcloud did not write), takes its lock, finishes the publish of a
 * synth that was interrupted, removes what dead synths left, and makes a scratch folder inside it.
 */
function holdOutput(config: GovCloudConfig, options: SynthOptions): HeldOutput {
  const claimed = claimOutputFolder(options.outDir, config.dir);
  const unlock = lockOutputFolder(claimed.dir, options.command ?? 'synth');
  try {
    finishInterruptedPublish(claimed.dir);
    const strays = removeStaleScratch(claimed.dir);
    const scratch = fs.mkdtempSync(path.join(claimed.dir, `${SCRATCH_PREFIX}${process.pid}-`));
    return {
      dir: claimed.dir,
      scratch,
      strays,
      release(succeeded) {
        // A journal left means the publish committed and must be finished by the next synth, not undone.
        if (!fs.existsSync(path.join(claimed.dir, JOURNAL_FILE))) removeOwnFiles(scratch);
        unlock();
        if (!succeeded && claimed.created) {
          try {
            fs.rmdirSync(claimed.dir);
          } catch {
            // Not empty: something was published after all, or someone else wrote there. Leave it.
          }
        }
      },
    };
  } catch (e) {
    unlock();
    if (claimed.created) removeOwnFiles(claimed.dir);
    throw e;
  }
}

/** Builds the chunks one after the other in this thread, into part folders of `tmp`. */
function buildSerially(config: GovCloudConfig, selected: readonly LoadedTenant[], tmp: string, options: BuildOptions): BuiltStacks {
  const chunks = chunksOf(selected);
  if (chunks.length <= 1) return buildStacks(config, selected, tmp, options);
  const parts = chunks.map((chunk, i) => {
    const dir = path.join(tmp, `.part-${i}`);
    return { dir, built: buildStacks(config, chunk, dir, options) };
  });
  return mergeParts(tmp, parts, selected);
}

/**
 * Evaluates every selected tenant first, then synthesizes them all into a scratch folder inside `outDir`, and
 * publishes them only when everything succeeded: a refusal or a failure leaves `outDir` as it was. Only
 * govcloud's own files in `outDir` are ever replaced or deleted (see {@link publishOutput}). Tenants are built in
 * chunks of at most {@link CHUNK_TENANTS}, each its own cdktf App, so memory stays bounded;
 * {@link synthesizeTenantsInParallel} spreads the chunks over worker threads.
 */
export function synthesizeTenants(config: GovCloudConfig, options: SynthOptions): SynthResult {
  const held = holdOutput(config, options);
  let succeeded = false;
  try {
    const plan = prepareSynth(config, options, held.dir, held.strays);
    const result = plan.done ?? finishSynth(plan, held.scratch, buildSerially(config, plan.selected, held.scratch, options), config, options);
    succeeded = true;
    return result;
  } finally {
    held.release(succeeded);
  }
}

/** Options of {@link synthesizeTenantsInParallel}. */
export interface ParallelSynthOptions extends SynthOptions {
  /**
   * Worker threads to synthesize with. Fewer are started when there are fewer than
   * {@link MIN_TENANTS_PER_WORKER} tenants to build per worker, none (the work is done in this thread) when one
   * would do, and none with `customize` (a function cannot be handed to a thread).
   * @default - one per core (`os.availableParallelism()`)
   */
  readonly jobs?: number;
}

/**
 * {@link synthesizeTenants} with the chunks spread over worker threads. The output, the results and the
 * report are the same as a serial synth's (a test compares them byte for byte). `config` must be the one
 * `loadConfig(config.dir)` gives: each worker loads it again from there.
 */
export async function synthesizeTenantsInParallel(config: GovCloudConfig, options: ParallelSynthOptions): Promise<SynthResult> {
  const held = holdOutput(config, options);
  let succeeded = false;
  try {
    const plan = prepareSynth(config, options, held.dir, held.strays);
    if (plan.done) {
      succeeded = true;
      return plan.done;
    }
    const jobs = Math.max(1, options.jobs ?? availableParallelism());
    const workers = options.customize ? 1 : Math.min(jobs, Math.floor(plan.selected.length / MIN_TENANTS_PER_WORKER));
    const built =
      workers <= 1
        ? buildSerially(config, plan.selected, held.scratch, options)
        : await buildInWorkers(config, plan.selected, held.scratch, { outDir: options.outDir, today: options.today }, workers);
    const result = finishSynth(plan, held.scratch, built, config, options);
    succeeded = true;
    return result;
  } finally {
    held.release(succeeded);
  }
}

function availableParallelism(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Builds the chunks on `threads` threads: this one and `threads - 1` worker threads. */
async function buildInWorkers(config: GovCloudConfig, selected: readonly LoadedTenant[], tmp: string, options: BuildOptions, threads: number): Promise<BuiltStacks> {
  const { runSynthJobs } = await import('./synth-workers');
  // Several chunks per thread, so a thread that finishes early takes another and all end together.
  const chunks = chunksOf(selected, threads * 4);
  const byName = new Map(selected.map((t) => [t.spec.name, t]));
  const jobs = chunks.map((chunk, i) => ({
    tenants: chunk.map((t) => t.spec.name),
    files: chunk.map((t) => path.basename(t.file)),
    dir: path.join(tmp, `.part-${i}`),
  }));
  const setup = { configDir: config.dir, outDir: options.outDir, today: options.today };
  const buildHere = (job: SynthJob) => buildStacks(config, job.tenants.map((n) => byName.get(n)!), job.dir, options);
  const results = await runSynthJobs(setup, jobs, threads - 1, buildHere);
  return mergeParts(tmp, jobs.map((j, i) => ({ dir: j.dir, built: results[i] })), selected);
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

/** The part of cdktf's `manifest.json` that a partial synth merges. */
interface Manifest {
  version: string;
  stacks: Record<string, unknown>;
}
