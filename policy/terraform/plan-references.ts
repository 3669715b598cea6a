/**
 * Configuration expressions of a plan and the reference strings made from them (`${data.t.n.id}`), as seen from the
 * root module: what lets the rules follow references through a plan as they do through synth JSON.
 */
import { isObject, strings, type Json } from './plan-json';
import type { ModuleContext } from './plan-modules';

interface Expression {
  readonly constant_value?: unknown;
  readonly references?: unknown;
}

/** An `<expression-representation>`: `constant_value` and/or `references`, nothing else. */
export function isExpression(v: unknown): v is Expression {
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
export function referenceAt(expressions: unknown, path: string, context: ModuleContext, text: boolean, hops = 0): unknown {
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
export function referenceString(ref: string, context: ModuleContext, text: boolean, hops: number): unknown {
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
export function absoluteText(value: unknown, refs: readonly string[], context: ModuleContext, hops: number): unknown {
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
export function pureReferences(expressions: Json, context: ModuleContext, prefix: string): [string, unknown][] {
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
