/** Providers of a plan: their configurations (`configuration.provider_config`) and the versions the stack requires. */
import type { StackDocument, TfProvider } from './stack-document';
import { isObject, setOwn, strings, type Json } from './plan-json';
import { absoluteText, isExpression, referenceString } from './plan-references';
import type { ModuleContext, ModuleContexts } from './plan-modules';

/** The provider configurations of a plan, and `requiredProviders` from their `full_name` and version constraints. */
export function readProviders(raw: unknown, contexts: ModuleContexts): Pick<StackDocument, 'providers' | 'requiredProviders'> {
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
