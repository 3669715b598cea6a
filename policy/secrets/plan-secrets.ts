import { isSecretName } from './secret-names';
import { jsonHoldsSecret, jsonIn, maskSecretShapes, secretParts } from './secret-patterns';

export { SECRET_ATTRIBUTE_NAMES, isSecretName } from './secret-names';
export { SECRET_PATTERNS, hasSecretShape, secretParts, type SecretPattern } from './secret-patterns';

type Json = Record<string, unknown>;

/** What a value reads as when it is a secret: in a plan review, and wherever a secret is masked. */
export const SENSITIVE = '(sensitive)';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A known secret shorter than this is never looked for outside the place it was found: a one- or two-character
 * sensitive value (`"on"`, `1`) equals too many harmless values to mask them all.
 */
export const MIN_EXACT_LENGTH = 3;
/**
 * From this length a known secret is masked wherever it appears, inside any text. Between {@link MIN_EXACT_LENGTH}
 * and this, it is masked where a whole value equals it, or where it stands as a whole token of text (between
 * spaces, quotes or `=:,;/@&?#|()[]{}<>`): `pin is ab1` and `pin=ab1` hide it, `ab1-old` and `ab12` do not.
 */
export const MIN_SCRUB_LENGTH = 6;

/** A token of free text, for short secrets: a run of characters that are not separators (`-`, `_`, `.` join words). */
const TOKEN = /[^\s"'`=:,;/\\()[\]{}<>@&?#|]+/g;

/**
 * The secrets of one plan, and the masking built on them. Terraform's `show -json` prints sensitive values in clear
 * (in `variables`, `planned_values`, `resource_changes`, `prior_state`, `output_changes`), so a review must decide
 * for itself what not to show. A value is a secret when:
 * 1. Terraform marks it sensitive: `before_sensitive`/`after_sensitive`, `sensitive_values`, a `sensitive` output,
 *    or the value of a variable declared `sensitive = true`;
 * 2. it sits under an attribute or key whose name says secret ({@link isSecretName}), at any depth, anywhere in
 *    the plan (a literal `password` in a provider block of `configuration` included);
 * 3. it has the shape of one ({@link SECRET_PATTERNS}), whatever its name: then the secret part is masked (the
 *    password of a URL, a token, a key block, a base64 value that decodes to a secret), or the whole value when it
 *    is a JSON document holding a secret;
 * 4. it is, or contains, a value found secret by 1–2 anywhere else in the plan, or a secret part found by 3 of at
 *    least {@link MIN_SCRUB_LENGTH} characters. Terraform does not carry every mark along: `terraform_data.output`
 *    echoes a sensitive `input` unmarked, and `terraform plan` itself prints it in clear (Terraform 1.11). How much
 *    of a short secret is looked for: {@link MIN_EXACT_LENGTH}, {@link MIN_SCRUB_LENGTH}.
 */
export class PlanSecrets {
  /** Known secret texts, longest first (so a longer secret is replaced before a shorter one inside it). */
  private readonly known: readonly string[];
  private readonly exact: ReadonlySet<string>;
  /** Known secrets too short to look for inside words: masked as whole tokens only. */
  private readonly short: ReadonlySet<string>;

  private constructor(secrets: Iterable<string>) {
    const all = [...new Set(secrets)].filter((s) => s.length >= MIN_EXACT_LENGTH);
    this.exact = new Set(all);
    this.known = all.filter((s) => s.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    this.short = new Set(all.filter((s) => s.length < MIN_SCRUB_LENGTH));
  }

  /** Collects every secret of a parsed plan JSON (rules 1 to 3). */
  static of(plan: unknown): PlanSecrets {
    return new PlanSecrets(collectSecrets(plan));
  }

  /**
   * A copy of `value` with every secret in it replaced by {@link SENSITIVE}: where `marks` (a `*_sensitive`-shaped
   * value) is `true`, under a secret name (`name` is the key `value` sits under), a string that is a known secret
   * or a JSON document holding one; in any other string, the secret parts (a URL keeps its host, so a reviewer sees
   * where it points). `null` stays `null`: an absent secret is no secret.
   */
  mask(value: unknown, marks?: unknown, name?: string): unknown {
    if (value === null || value === undefined) return value;
    if (marks === true || (name !== undefined && isSecretName(name))) return SENSITIVE;
    if (typeof value === 'string') return this.exact.has(value) || jsonHoldsSecret(value) ? SENSITIVE : this.scrub(value);
    if (typeof value === 'number' || typeof value === 'bigint') return this.exact.has(String(value)) ? SENSITIVE : value;
    if (Array.isArray(value)) return value.map((v, i) => this.mask(v, Array.isArray(marks) ? marks[i] : undefined, name));
    if (isObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.mask(v, isObject(marks) ? marks[k] : undefined, k)]));
    }
    return value;
  }

  /**
   * Free text with every known secret (short ones as whole tokens) and every secret-shaped part replaced by
   * {@link SENSITIVE}; a password URL keeps its host.
   */
  scrub(text: string, replacement: string = SENSITIVE): string {
    if (this.exact.has(text)) return replacement;
    let out = text;
    for (const k of this.known) if (out.includes(k)) out = out.split(k).join(replacement);
    if (this.short.size) out = out.replace(TOKEN, (token) => (this.short.has(token) ? replacement : token));
    return maskSecretShapes(out, replacement);
  }

  /**
   * A copy of values the policy rules will judge (a plan's blocks and providers, read by the plan reader), with
   * every secret replaced by `replacement`, so that no finding can quote one. Unlike {@link mask}, a string with a
   * reference in it (`${var.vsphere_password}`) keeps its reference: the rules follow references, and ask whether
   * a secret attribute is a literal or a reference (KEY-09); any secret text around the reference is still
   * scrubbed. A replaced literal stays a literal string.
   */
  redact(value: unknown, replacement: string, name?: string): unknown {
    if (value === null || value === undefined) return value;
    const named = name !== undefined && isSecretName(name);
    if (typeof value === 'string') {
      if (value.includes('${')) return this.scrub(value, replacement);
      return named || this.exact.has(value) || jsonHoldsSecret(value) ? replacement : this.scrub(value, replacement);
    }
    if (typeof value === 'number' || typeof value === 'bigint') return named || this.exact.has(String(value)) ? replacement : value;
    if (Array.isArray(value)) return value.map((v) => this.redact(v, replacement, name));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.scrub(k, replacement), this.redact(v, replacement, named ? name : k)]));
    return value;
  }

  /** A copy of any plain data with {@link scrub} applied to every string in it, keys included. */
  scrubAll<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.scrub(v);
      if (Array.isArray(v)) return v.map(walk);
      if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.scrub(k), walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Collecting: every place in a plan JSON that Terraform, a name or a shape says holds a secret.

/** Strings (and numbers) at the leaves of `v`. */
function leaves(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (typeof v === 'number') return [String(v)];
  if (Array.isArray(v)) return v.flatMap(leaves);
  if (isObject(v)) return Object.values(v).flatMap(leaves);
  return [];
}

/** Leaves of `value` where `marks` (a `*_sensitive`-shaped value) is `true`. */
function marked(value: unknown, marks: unknown): string[] {
  if (marks === true) return leaves(value);
  if (Array.isArray(marks) && Array.isArray(value)) return marks.flatMap((m, i) => marked(value[i], m));
  if (isObject(marks) && isObject(value)) return Object.keys(marks).flatMap((k) => marked(value[k], marks[k]));
  return [];
}

/** A configuration expression that is only an interpolation (`${var.vsphere_password}`): a reference, not a secret. */
const PURE_REFERENCE = /^\$\{[^{}]*\}$/;

/**
 * Where a plan JSON holds values, each with the name it sits under. Only these are searched by name: elsewhere
 * (actions, types, addresses) a word is structure, and `"update"` under an output called `db_password` is no secret.
 */
function* valuePlaces(plan: Json): Generator<{ value: unknown; marks?: unknown; name?: string }> {
  for (const rc of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (!isObject(rc) || !isObject(rc.change)) continue;
    yield { value: rc.change.before, marks: rc.change.before_sensitive };
    yield { value: rc.change.after, marks: rc.change.after_sensitive };
  }
  for (const [name, oc] of isObject(plan.output_changes) ? Object.entries(plan.output_changes) : []) {
    if (!isObject(oc)) continue;
    yield { value: oc.before, marks: oc.before_sensitive, name };
    yield { value: oc.after, marks: oc.after_sensitive, name };
  }
  for (const state of [plan.planned_values, isObject(plan.prior_state) ? plan.prior_state.values : undefined]) {
    if (!isObject(state)) continue;
    for (const [name, o] of isObject(state.outputs) ? Object.entries(state.outputs) : []) {
      if (isObject(o)) yield { value: o.value, marks: o.sensitive === true, name };
    }
    for (const module of modules(state.root_module)) {
      for (const r of Array.isArray(module.resources) ? module.resources : []) if (isObject(r)) yield { value: r.values, marks: r.sensitive_values };
    }
  }
  const root = isObject(plan.configuration) && isObject(plan.configuration.root_module) ? plan.configuration.root_module : undefined;
  for (const [name, v] of isObject(plan.variables) ? Object.entries(plan.variables) : []) {
    const declaration = root && isObject(root.variables) ? root.variables[name] : undefined;
    if (isObject(v)) yield { value: v.value, marks: isObject(declaration) && declaration.sensitive === true, name };
  }
  if (isObject(plan.configuration)) {
    for (const p of isObject(plan.configuration.provider_config) ? Object.values(plan.configuration.provider_config) : []) {
      if (isObject(p)) yield* expressionValues(p.expressions);
    }
    yield* configurationValues(root);
  }
}

/** Literal values written in a module's configuration: resource, module call and output expressions, variable defaults. */
function* configurationValues(module: unknown): Generator<{ value: unknown; marks?: unknown; name?: string }> {
  if (!isObject(module)) return;
  for (const r of Array.isArray(module.resources) ? module.resources : []) if (isObject(r)) yield* expressionValues(r.expressions);
  for (const [name, o] of isObject(module.outputs) ? Object.entries(module.outputs) : []) {
    if (isObject(o) && isObject(o.expression)) yield { value: o.expression.constant_value, marks: o.sensitive === true, name };
  }
  for (const [name, v] of isObject(module.variables) ? Object.entries(module.variables) : []) {
    if (isObject(v) && 'default' in v) yield { value: v.default, marks: v.sensitive === true, name };
  }
  for (const call of isObject(module.module_calls) ? Object.values(module.module_calls) : []) {
    if (!isObject(call)) continue;
    yield* expressionValues(call.expressions);
    yield* configurationValues(call.module);
  }
}

/** The `constant_value` of every expression in a block-expressions representation, under its attribute name. */
function* expressionValues(expressions: unknown, name?: string): Generator<{ value: unknown; name?: string }> {
  if (Array.isArray(expressions)) for (const block of expressions) yield* expressionValues(block, name);
  if (!isObject(expressions)) return;
  const keys = Object.keys(expressions);
  if (keys.length && keys.every((k) => k === 'constant_value' || k === 'references')) {
    if ('constant_value' in expressions) yield { value: expressions.constant_value, name };
    return;
  }
  for (const [k, node] of Object.entries(expressions)) yield* expressionValues(node, name !== undefined && isSecretName(name) ? name : k);
}

function collectSecrets(plan: unknown): string[] {
  const out: string[] = [];
  if (!isObject(plan)) return out;
  for (const { value, marks, name } of valuePlaces(plan)) {
    out.push(...marked(value, marks));
    walkNamed(value, name !== undefined && isSecretName(name), out);
  }
  // A configuration expression marked sensitive may be only a reference to the secret, which is no secret itself.
  return out.filter((s) => !PURE_REFERENCE.test(s));
}

/** Values under secret names, and secret-shaped strings, anywhere in `v`. */
function walkNamed(v: unknown, underSecretName: boolean, out: string[]): void {
  if (typeof v === 'string') {
    if (underSecretName) out.push(v);
    out.push(...learnt(v));
    const json = jsonIn(v);
    if (json !== undefined) {
      if (jsonHoldsSecret(v)) out.push(v);
      walkNamed(json, underSecretName, out);
    }
  } else if (typeof v === 'number') {
    if (underSecretName) out.push(String(v));
  } else if (Array.isArray(v)) {
    for (const x of v) walkNamed(x, underSecretName, out);
  } else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      out.push(...learnt(k));
      walkNamed(x, underSecretName || isSecretName(k), out);
    }
  }
}

/**
 * The secret-shaped parts of `s` worth looking for elsewhere: where they stand they are masked by shape anyway,
 * and a short part (the value of `password: none` in a description) would mask every harmless equal value.
 */
const learnt = (s: string) => secretParts(s).filter((p) => p.length >= MIN_SCRUB_LENGTH);

function* modules(module: unknown): Generator<Json> {
  if (!isObject(module)) return;
  yield module;
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) yield* modules(child);
}
