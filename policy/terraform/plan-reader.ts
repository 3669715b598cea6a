import { PlanSecrets } from '../secrets/plan-secrets';
import type { StackDocument, TfBlock } from './stack-document';
import { moduleCallsOf, UnreadableInputError } from './synth-reader';
import type { ReferenceResolver } from './references';
import { isObject, setOwn, type Json } from './plan-json';
import { configOf, ModuleContexts, type ModuleContext } from './plan-modules';
import { readProviders } from './plan-providers';
import { pureReferences, referenceAt } from './plan-references';

/**
 * What a sensitive value that came from no reference (a literal in the configuration, or a value the provider marks
 * sensitive) reads as in a plan {@link StackDocument}: the words Terraform itself prints in its plan output. It is
 * a plain string, so a rule that asks "is this a literal?" (KEY-09) still gets the answer it would get on synth JSON.
 */
export const SENSITIVE_VALUE = '(sensitive value)';

const PLAN_FIX = 'run `terraform plan -out=tfplan`, then `terraform show -json tfplan > plan.json`, and pass plan.json';

/**
 * Reads the JSON of `terraform show -json PLANFILE` (JSON plan format 1.x; Terraform 1.11 writes `"1.2"`) into a
 * {@link StackDocument}, so the rules that judge synthesized JSON judge what a plan will do.
 *
 * What goes where:
 * - **Blocks** come from `planned_values.root_module` and its `child_modules`, recursively; `address` is the one
 *   Terraform gives (`module.x.vsphere_virtual_machine.y`, `aws_x.y[0]`), `name` the block label without index.
 *   Data sources Terraform read during planning are not in `planned_values` but in `prior_state` (checked with
 *   Terraform 1.11): they are taken from there, when the configuration still declares them. Data sources deferred
 *   to apply (`read_because_config_unknown`) are in `planned_values`, with their unknown attributes.
 * - **Values** are the planned values, except for the three kinds of attribute path below, which are replaced.
 * - **`unknown`** holds every path marked `true` in the matching `resource_changes[].change.after_unknown`,
 *   flattened to dotted paths (`id`, `disk.0.uuid`; a block or list unknown as a whole gives its own path, `tags`).
 *   Their values are never guessed.
 *
 * Reference strings: rules follow `${...}` references to learn where a resource lands (a VM's pool, the pool's
 * cluster, the cluster's datacenter). In a plan, ids of objects not yet created are unknown, and ids of data sources
 * read during planning are opaque literals (`"resgroup-1009"`), so without help every chain breaks at the first
 * step. The configuration part of the plan still records each expression, with its `references` (and, for JSON
 * configurations such as cdktf's `cdk.tf.json`, its text as `constant_value`). So, in `values`:
 * 1. an attribute **whose value is unknown** and whose expression has references gets the expression's text where
 *    the configuration gives it (JSON syntax: exactly what synth JSON holds, e.g. `${vsphere_resource_pool.p.id}`),
 *    else `${<first reference>}` (HCL syntax, where Terraform gives references only). It stays in `unknown`.
 * 2. an attribute **whose expression is exactly one reference to a resource, data source or module output**
 *    (`${data.vsphere_compute_cluster.c.resource_pool_id}`) gets that reference even when its value is known, as
 *    in synth JSON. The planned value of such an attribute is an object id, which no rule can judge, while the
 *    reference leads to the block whose literal name a rule can. Templates and function calls that merely contain
 *    a reference (`"${var.tenant}-data"`) keep their planned value, and so do references to variables and locals.
 * 3. a **sensitive** attribute (`after_sensitive`, `sensitive_values`) gets `${<the reference it came from>}` (such
 *   as `${var.vsphere_password}`), or {@link SENSITIVE_VALUE} when it came from no reference. `terraform show -json`
 *   does **not** redact: it prints sensitive values in clear in `planned_values`, `resource_changes`, `variables`,
 *   `prior_state` and output values (Terraform 1.11). This reader never copies them into the document, and never
 *   puts an attribute value in an error message, so a report built from the document cannot print them.
 *
 * 4. every other secret the plan holds (see {@link PlanSecrets}: a value under a secret name, a secret shape such as a
 *    URL password or a token, a sensitive value echoed unmarked elsewhere) is replaced by {@link SENSITIVE_VALUE}
 *    too, in block values, provider values and module sources, so that no finding can quote it. References stay
 *    references (`${var.vsphere_password}`), and a replaced literal stays a literal, so the rules that ask "is this
 *    a literal?" (KEY-09) answer as they would on the plan itself.
 *
 * Inside a child module, references are made absolute (`${module.x.vsphere_resource_pool.p.id}`), and a pure
 * `${var.NAME}` is followed through the module call to what the caller passed. List elements are matched to their
 * configuration by index; for set-valued attributes and blocks Terraform may order elements differently, so there a
 * reference may land on a sibling element (the set of references is right, the pairing may not be). Note that
 * {@link ReferenceResolver} does not yet follow references with a module prefix or an instance key
 * (`${module.x.t.n.id}`, `${t.n[0].id}`); the toolkit's own stacks have neither.
 *
 * Providers come from `configuration.provider_config`: type = `name`, `alias`, values = each expression's
 * `constant_value`, or `${<first reference>}` when it has references only; Terraform's built-in
 * `terraform.io/builtin/terraform` provider is left out. `requiredProviders` maps each provider name to its
 * `full_name` as `source` (`registry.terraform.io/vmware/vsphere`) and its `version_constraint` as `version`, the
 * root module's constraint first. Provider configuration is as written, except its secrets (4. above): a literal
 * token written into a provider block reads {@link SENSITIVE_VALUE}, still a literal.
 *
 * Not in a plan, so not in the document: the **backend** (`terraform show -json` of a plan carries no backend or
 * state location at all, checked with Terraform 1.11; `backend` is left undefined, and state rules judge the synth
 * JSON), cdktf construct paths and block suppressions (Terraform drops the `"//"` metadata), and lifecycle
 * preconditions (their results are under the plan's `checks`).
 *
 * @param json the parsed output of `terraform show -json PLANFILE`
 * @param file where it was read from, for messages and `origin`
 * @param stackName the stack (tenant) the plan is of; defaults to `file`
 * @throws UnreadableInputError when `json` is not a JSON plan of format 1.x: not an object, a configuration such
 *   as a `cdk.tf.json` (no `format_version`), a state (`values` without `planned_values`), another major format
 *   version, no `planned_values`, or the plan of a run that errored.
 */
export function fromPlanJson(json: unknown, file: string, stackName?: string): StackDocument {
  const plan = checkPlan(json, file);
  const configuration = isObject(plan.configuration) ? plan.configuration : {};
  const rootConfig = isObject(configuration.root_module) ? configuration.root_module : {};
  const contexts = new ModuleContexts(rootConfig);
  const changes = changesByAddress(plan.resource_changes, file);

  const resources: TfBlock[] = [];
  const dataSources: TfBlock[] = [];
  const seen = new Set<string>();
  const add = (raw: Json, moduleAddress: string) => {
    const block = readBlock(raw, contexts.of(moduleAddress), changes.get(String(raw.address)));
    if (!block || seen.has(block.address)) return;
    seen.add(block.address);
    (block.kind === 'data' ? dataSources : resources).push(block);
  };
  for (const { module, address } of moduleTree(plan.planned_values.root_module, '')) {
    for (const raw of Array.isArray(module.resources) ? module.resources : []) if (isObject(raw)) add(raw, address);
  }
  const prior = isObject(plan.prior_state) && isObject(plan.prior_state.values) ? plan.prior_state.values.root_module : undefined;
  for (const { module, address } of moduleTree(prior, '')) {
    for (const raw of Array.isArray(module.resources) ? module.resources : []) {
      // Data sources read during planning; managed objects of the prior state are what the plan replaces.
      if (isObject(raw) && raw.mode === 'data' && configOf(contexts.of(address), raw)) add(raw, address);
    }
  }
  const byAddress = (a: TfBlock, b: TfBlock) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);

  const { providers, requiredProviders } = readProviders(configuration.provider_config, contexts);
  // Last, so that every source of a value (planned, prior state, configuration text) is redacted alike.
  const secrets = PlanSecrets.of(plan);
  const redacted = <T extends { values: Readonly<Record<string, unknown>> }>(b: T): T => ({ ...b, values: secrets.redact(b.values, SENSITIVE_VALUE) as T['values'] });
  const moduleCalls = moduleCallsOf(isObject(configuration.root_module) ? configuration.root_module.module_calls : undefined, 'version_constraint');
  return {
    stack: stackName ?? file,
    origin: { kind: 'plan', file },
    resources: resources.sort(byAddress).map(redacted),
    dataSources: dataSources.sort(byAddress).map(redacted),
    providers: providers.map(redacted),
    backend: undefined,
    requiredProviders,
    moduleCalls: moduleCalls?.map((m) => ({ ...m, source: secrets.scrub(m.source, SENSITIVE_VALUE) })),
  };
}

/** The plan, once it is known to be a JSON plan of format 1.x with planned values. */
function checkPlan(json: unknown, file: string): Json & { planned_values: Json } {
  if (!isObject(json)) throw new UnreadableInputError(file, 'not a JSON object', `pass the output of terraform show -json PLANFILE: ${PLAN_FIX}`);
  if (!('format_version' in json)) {
    const configKeys = ['resource', 'data', 'provider', 'terraform', 'module', 'variable', 'output', 'locals', '//'];
    if (configKeys.some((k) => k in json)) {
      throw new UnreadableInputError(
        file,
        'is Terraform configuration JSON (such as a synthesized cdk.tf.json), not a plan: it has no format_version and no planned_values',
        `check it as a synthesized stack (govcloud check reads a cdk.tf.json or its synth folder as one), or plan it: ${PLAN_FIX}`,
      );
    }
    throw new UnreadableInputError(file, 'has no format_version: it is not the output of terraform show -json', PLAN_FIX);
  }
  const version = json.format_version;
  if (typeof version !== 'string' || !/^1\.\d+$/.test(version)) {
    throw new UnreadableInputError(
      file,
      `has format_version ${String(JSON.stringify(version)).slice(0, 20)}; this reader reads Terraform's JSON plan format 1.x`,
      `produce it with Terraform 1.x: ${PLAN_FIX}`,
    );
  }
  if (!isObject(json.planned_values)) {
    if (isObject(json.values)) {
      throw new UnreadableInputError(file, 'is a state (terraform show -json without a plan file), not a plan: it has values but no planned_values', PLAN_FIX);
    }
    throw new UnreadableInputError(file, `has no planned_values object, so it says nothing about what Terraform will create`, PLAN_FIX);
  }
  if (json.errored === true) {
    throw new UnreadableInputError(file, 'is the plan of a run that failed (errored: true); its planned values are incomplete', `fix the errors terraform plan reported, then ${PLAN_FIX}`);
  }
  return json as Json & { planned_values: Json };
}

/** The change of each resource instance (deposed objects left out), keyed by address. */
function changesByAddress(raw: unknown, file: string): Map<string, Json> {
  const out = new Map<string, Json>();
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw)) throw new UnreadableInputError(file, 'resource_changes is not a list', `regenerate it: ${PLAN_FIX}`);
  for (const rc of raw) {
    if (isObject(rc) && typeof rc.address === 'string' && rc.deposed === undefined && isObject(rc.change)) out.set(rc.address, rc.change);
  }
  return out;
}

/** A values-representation module and its descendants, each with its module instance address (`''` for root). */
function* moduleTree(module: unknown, address: string): Generator<{ module: Json; address: string }> {
  if (!isObject(module)) return;
  yield { module, address };
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) {
    if (isObject(child) && typeof child.address === 'string') yield* moduleTree(child, child.address);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks.

function readBlock(raw: Json, context: ModuleContext, change: Json | undefined): TfBlock | undefined {
  if (typeof raw.type !== 'string' || typeof raw.name !== 'string') return undefined;
  const kind: TfBlock['kind'] = raw.mode === 'data' ? 'data' : 'resource';
  const address = typeof raw.address === 'string' ? raw.address : `${context.instance ? `${context.instance}.` : ''}${kind === 'data' ? 'data.' : ''}${raw.type}.${raw.name}`;
  const values: Json = isObject(raw.values) ? (structuredClone(raw.values) as Json) : {};
  const unknown = new Set(truePaths(change?.after_unknown, ''));
  const sensitive = new Set([...truePaths(raw.sensitive_values, ''), ...truePaths(change?.after_sensitive, '')]);
  const config = configOf(context, raw);
  const expressions = config && isObject(config.expressions) ? config.expressions : undefined;

  // Later sources win for the same path: a sensitive value is never replaced by configuration text.
  const replacements = new Map<string, unknown>();
  if (expressions) for (const [path, value] of pureReferences(expressions, context, '')) replacements.set(path, value);
  for (const path of unknown) {
    const value = referenceAt(expressions, path, context, true);
    if (value !== undefined) replacements.set(path, value);
  }
  for (const path of sensitive) replacements.set(path, referenceAt(expressions, path, context, false) ?? SENSITIVE_VALUE);
  // Shallow paths first, so that a deeper sensitive path is redacted inside whatever replaced its parent.
  const ordered = [...replacements].filter(([path]) => path !== '').sort(([a], [b]) => depth(a) - depth(b));
  for (const [path, value] of ordered) setAt(values, path.split('.'), value);
  // A whole object marked sensitive (never seen from Terraform 1.11, but the format allows it) keeps nothing.
  return { kind, type: raw.type, name: raw.name, address, values: sensitive.has('') ? {} : values, unknown };
}

const depth = (path: string) => path.split('.').length;

/** Dotted paths of the leaves that are `true` in an `after_unknown`/`after_sensitive`-shaped value. */
function truePaths(v: unknown, prefix: string): string[] {
  if (v === true) return [prefix];
  const join = (k: string | number) => (prefix === '' ? String(k) : `${prefix}.${k}`);
  if (Array.isArray(v)) return v.flatMap((x, i) => truePaths(x, join(i)));
  if (isObject(v)) return Object.keys(v).flatMap((k) => truePaths(v[k], join(k)));
  return [];
}

/** Sets `value` at `path`, creating missing containers; gives up under a value that is no container (a replaced parent). */
function setAt(root: Json, path: string[], value: unknown): void {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const key: string | number = Array.isArray(node) && /^\d+$/.test(path[i]) ? Number(path[i]) : path[i];
    const container = node as Record<string | number, unknown>;
    if (i === path.length - 1) {
      setOwn(container, key, structuredClone(value));
      return;
    }
    // Own properties only: a path through `__proto__` or `constructor` from the plan must not reach what every
    // object inherits.
    let next = Object.hasOwn(container, key) ? container[key] : undefined;
    if (next === undefined || next === null) setOwn(container, key, (next = /^\d+$/.test(path[i + 1]) ? [] : {}));
    if (typeof next !== 'object') return;
    node = next;
  }
}
