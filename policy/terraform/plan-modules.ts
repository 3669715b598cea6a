/** Module contexts of a plan: where a block's configuration is, and how its references read from the root. */
import { isObject, type Json } from './plan-json';

/** A module instance: its address (`module.a[0]`, `''` for root), its configuration and its caller. */
export interface ModuleContext {
  readonly instance: string;
  readonly config: Json | undefined;
  /** The calling module and the name of the module call, for following `var.*` to what the caller passed. */
  readonly caller?: { readonly context: ModuleContext; readonly call: string };
}

const MODULE_STEP = /module\.([^.[\]]+)(\[(?:\d+|"(?:[^"\\]|\\.)*")\])?/g;

/** The module contexts of a plan, by address, made once each. */
export class ModuleContexts {
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
export function configOf(context: ModuleContext, raw: Json): Json | undefined {
  const list = context.config && Array.isArray(context.config.resources) ? context.config.resources : [];
  return list.find((c): c is Json => isObject(c) && c.mode === raw.mode && c.type === raw.type && c.name === raw.name);
}
