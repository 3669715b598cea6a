import { PlanSecrets } from '../secrets/plan-secrets';
import type { StackDocument, TfBlock, TfProvider } from './stack-document';
import { moduleCallsOf, UnreadableInputError } from './synth-reader';
import type { ReferenceResolver } from './references';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

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
// Module contexts: where a block's configuration is, and how its references read from the root.

/** A module instance: its address (`module.a[0]`, `''` for root), its configuration and its caller. */
interface ModuleContext {
  readonly instance: string;
  readonly config: Json | undefined;
  /** The calling module and the name of the module call, for following `var.*` to what the caller passed. */
  readonly caller?: { readonly context: ModuleContext; readonly call: string };
}

const MODULE_STEP = /module\.([^.[\]]+)(\[(?:\d+|"(?:[^"\\]|\\.)*")\])?/g;

class ModuleContexts {
  private readonly cache = new Map<string, ModuleContext>();

  constructor(private readonly rootConfig: Json) {}

  /** The context of a module instance address (`module.a[0].module.b`) or a module configuration address. */
  of(address: string): ModuleContext {
    const cached = this.cache.get(address);
    if (cached) return cached;
    let context: ModuleContext = { instance: '', config: this.rootConfig };
    for (const m of address.matchAll(MODULE_STEP)) {
      const calls = context.config && isObject(context.config.module_calls) ? context.config.module_calls : {};
      const call = calls[m[1]];
      const config = isObject(call) && isObject(call.module) ? call.module : undefined;
      context = { instance: `${context.instance ? `${context.instance}.` : ''}module.${m[1]}${m[2] ?? ''}`, config, caller: { context, call: m[1] } };
    }
    this.cache.set(address, context);
    return context;
  }
}

/** The configuration of a planned block in its module (count and for_each instances share one). */
function configOf(context: ModuleContext, raw: Json): Json | undefined {
  const list = context.config && Array.isArray(context.config.resources) ? context.config.resources : [];
  return list.find((c): c is Json => isObject(c) && c.mode === raw.mode && c.type === raw.type && c.name === raw.name);
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

/** `target[key] = value` as an own data property, even for a key such as `__proto__` read from a plan. */
function setOwn(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration expressions and the reference strings made from them.

interface Expression {
  readonly constant_value?: unknown;
  readonly references?: unknown;
}

/** An `<expression-representation>`: `constant_value` and/or `references`, nothing else. */
function isExpression(v: unknown): v is Expression {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k === 'constant_value' || k === 'references');
}

/** The expression that holds `path` in a block-expressions representation, and the rest of the path inside its value. */
function locate(expressions: unknown, path: string[]): { expression: Expression; rest: string[] } | undefined {
  let node: unknown = expressions;
  for (let i = 0; i <= path.length; i++) {
    if (isExpression(node)) return { expression: node, rest: path.slice(i) };
    if (i === path.length) return undefined;
    if (Array.isArray(node)) node = /^\d+$/.test(path[i]) ? node[Number(path[i])] : undefined;
    else if (isObject(node)) node = node[path[i]];
    else return undefined;
  }
  return undefined;
}

function dig(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const step of path) {
    if (Array.isArray(node) && /^\d+$/.test(step)) node = node[Number(step)];
    else if (isObject(node)) node = node[step];
    else return undefined;
  }
  return node;
}

const allStrings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(allStrings) : isObject(v) ? Object.values(v).flatMap(allStrings) : []);
const hasTemplate = (v: unknown) => allStrings(v).some((s) => s.includes('${'));

/** Roots of references that are not blocks. */
const NOT_BLOCKS = new Set(['var', 'local', 'count', 'each', 'path', 'terraform', 'self']);
/** A whole reference to an object and its attributes: `data.t.n.a`, `t.n[0].a`, `module.m.out`. */
const TRAVERSAL = /^(?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?:\.[\w-]+|\[(?:\d+|"[^"]*"|\*)\])*$/;

/** True for a reference to a resource, data source or module output (not a variable, local or `count.index`). */
function isBlockReference(ref: string): boolean {
  return TRAVERSAL.test(ref) && !NOT_BLOCKS.has(ref.split(/[.[]/)[0]) && !(ref.startsWith('data.') && ref.split('.').length < 3);
}

/** `data.t.n`, `module.m` or `t.n`: the part of a reference that names the object. */
function referenceRoot(ref: string): string {
  const parts = ref.split(/(?=[.[])/);
  const steps = ref.startsWith('data.') ? 3 : 2;
  return parts.slice(0, steps).join('');
}

/** The first reference whose text occurs, as a whole name, in `text`. */
function firstReferenceIn(refs: readonly string[], text: unknown): string | undefined {
  const haystack = allStrings(text).join('\n');
  return refs.find((r) => new RegExp(`(?<![\\w.-])${escapeRegExp(r)}(?![\\w-])`).test(haystack));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The reference value for the attribute at `path`, from its configuration expression: the expression's own text at
 * that path when it holds a template and `text` allows it (JSON configurations), else `${<reference>}`.
 */
function referenceAt(expressions: unknown, path: string, context: ModuleContext, text: boolean, hops = 0): unknown {
  if (expressions === undefined || hops > 16) return undefined;
  const located = locate(expressions, path === '' ? [] : path.split('.'));
  if (!located) return undefined;
  const { expression, rest } = located;
  const refs = strings(expression.references);
  if ('constant_value' in expression) {
    const at = dig(expression.constant_value, rest);
    if (at !== undefined && hasTemplate(at)) {
      if (text) return absoluteText(at, refs, context, hops);
      const ref = firstReferenceIn(refs, at);
      if (ref) return referenceString(ref, context, false, hops);
    }
  }
  return refs.length ? referenceString(refs[0], context, text, hops) : undefined;
}

/** `${ref}` as seen from the root module: block references prefixed with the module, `var.*` followed to the caller. */
function referenceString(ref: string, context: ModuleContext, text: boolean, hops: number): unknown {
  if (context.instance && ref.startsWith('var.')) {
    const passed = passedToVariable(ref.slice('var.'.length), context, text, hops);
    if (passed !== undefined) return passed;
  }
  return `\${${context.instance && isBlockReference(ref) ? `${context.instance}.${ref}` : ref}}`;
}

/** What the caller's module block passes to input variable `name` (with attribute steps: `pool.id`). */
function passedToVariable(name: string, context: ModuleContext, text: boolean, hops: number): unknown {
  const caller = context.caller;
  if (!caller || !/^[\w-]+(?:\.[\w-]+)*$/.test(name)) return undefined;
  const calls = caller.context.config && isObject(caller.context.config.module_calls) ? caller.context.config.module_calls : {};
  const call = calls[caller.call];
  if (!isObject(call) || !isObject(call.expressions)) return undefined;
  return referenceAt(call.expressions, name, caller.context, text, hops + 1);
}

/** Configuration text made absolute from the root: in a child module, object references get the module prefix. */
function absoluteText(value: unknown, refs: readonly string[], context: ModuleContext, hops: number): unknown {
  if (!context.instance) return structuredClone(value);
  if (typeof value === 'string') {
    const variable = /^\$\{var\.([\w-]+(?:\.[\w-]+)*)\}$/.exec(value);
    if (variable) {
      const passed = passedToVariable(variable[1], context, true, hops);
      if (passed !== undefined) return passed;
    }
    const roots = [...new Set(refs.filter(isBlockReference).map(referenceRoot))].sort((a, b) => b.length - a.length);
    let out = value;
    for (const root of roots) out = out.replace(new RegExp(`(?<![\\w.-])${escapeRegExp(root)}(?![\\w-])`, 'g'), `${context.instance}.${root}`);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => absoluteText(v, refs, context, hops));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, absoluteText(v, refs, context, hops)]));
  return value;
}

/**
 * Paths whose expression is exactly one reference to an object (`"${data.t.n.id}"` in JSON configurations; in HCL,
 * an expression whose references are one traversal and its prefixes), with the reference value for each. In a child
 * module, a pure `${var.NAME}` counts when what the caller passes is itself such a reference.
 */
function pureReferences(expressions: Json, context: ModuleContext, prefix: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  const join = (k: string | number) => (prefix === '' ? String(k) : `${prefix}.${k}`);
  for (const [key, node] of Object.entries(expressions)) {
    if (isExpression(node)) {
      const refs = strings(node.references);
      if ('constant_value' in node) {
        for (const [leaf, s] of stringLeaves(node.constant_value, join(key))) {
          if (!s.startsWith('${') || !s.endsWith('}')) continue;
          const inner = s.slice(2, -1).trim();
          if (inner.includes('${') || inner.includes('}')) continue;
          if (isBlockReference(inner)) out.push([leaf, absoluteText(s, refs, context, 0)]);
          else if (context.instance && /^var\.[\w-]+(?:\.[\w-]+)*$/.test(inner)) {
            const passed = passedToVariable(inner.slice('var.'.length), context, true, 0);
            if (typeof passed === 'string' && passed.startsWith('${')) out.push([leaf, passed]);
          }
        }
      } else if (refs.length && refs.every((r) => r === refs[0] || refs[0].startsWith(`${r}.`) || refs[0].startsWith(`${r}[`)) && isBlockReference(refs[0])) {
        out.push([join(key), referenceString(refs[0], context, true, 0)]);
      }
    } else if (Array.isArray(node)) {
      node.forEach((b, i) => isObject(b) && out.push(...pureReferences(b, context, join(`${key}.${i}`))));
    } else if (isObject(node)) {
      out.push(...pureReferences(node, context, join(key)));
    }
  }
  return out;
}

function stringLeaves(v: unknown, path: string): [string, string][] {
  if (typeof v === 'string') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, `${path}.${i}`));
  if (isObject(v)) return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, `${path}.${k}`));
  return [];
}

// ---------------------------------------------------------------------------------------------------------------
// Providers.

function readProviders(raw: unknown, contexts: ModuleContexts): Pick<StackDocument, 'providers' | 'requiredProviders'> {
  const providers: TfProvider[] = [];
  // By provider name in a Map: a provider named `__proto__` in a plan must not make every object its entry.
  const required = new Map<string, { source?: string; version?: string }>();
  const entries = isObject(raw) ? Object.entries(raw).filter((e): e is [string, Json] => isObject(e[1])) : [];
  // Root module configurations first, so that the root's version constraint is the one reported.
  entries.sort(([ka, a], [kb, b]) => Number(a.module_address !== undefined) - Number(b.module_address !== undefined) || (ka < kb ? -1 : ka > kb ? 1 : 0));
  for (const [key, p] of entries) {
    const type = typeof p.name === 'string' ? p.name : key.replace(/^.*:/, '').split('.')[0];
    const source = typeof p.full_name === 'string' ? p.full_name : undefined;
    if (source?.startsWith('terraform.io/builtin/')) continue;
    const context = contexts.of(typeof p.module_address === 'string' ? p.module_address : '');
    providers.push({ type, alias: typeof p.alias === 'string' ? p.alias : undefined, values: blockValues(p.expressions, context) });
    const version = typeof p.version_constraint === 'string' && p.version_constraint !== '' ? p.version_constraint : undefined;
    const entry = required.get(type) ?? {};
    required.set(type, entry);
    if (entry.source === undefined && source !== undefined) entry.source = source;
    if (entry.version === undefined && version !== undefined) entry.version = version;
  }
  return { providers, requiredProviders: Object.fromEntries(required) };
}

/** A block-expressions representation as values: constants as they are, references as `${...}` strings. */
function blockValues(expressions: unknown, context: ModuleContext): Json {
  const out: Json = {};
  if (!isObject(expressions)) return out;
  for (const [key, node] of Object.entries(expressions)) {
    if (isExpression(node)) {
      const refs = strings(node.references);
      if ('constant_value' in node) setOwn(out, key, absoluteText(node.constant_value, refs, context, 0));
      else if (refs.length) setOwn(out, key, referenceString(refs[0], context, true, 0));
    } else if (Array.isArray(node)) {
      setOwn(out, key, node.map((b) => (isObject(b) ? blockValues(b, context) : b)));
    } else if (isObject(node)) {
      setOwn(out, key, blockValues(node, context));
    }
  }
  return out;
}
