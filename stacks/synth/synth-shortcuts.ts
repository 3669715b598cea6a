import * as path from 'path';
import { Token, type TerraformStack } from 'cdktf';

/**
 * Two passes of cdktf 0.21's synthesis that do nothing for a tenant stack built by the toolkit's constructs,
 * and how to leave them out. cdktf resolves every element of a stack three times: once in `prepareStack`
 * ("a preparing resolve run might add new resources to the stack, e.g. for cross stack references"), once
 * per element in `toTerraform`, and once more over the whole merged document, which is by then resolved
 * already except for the stack's own `addOverride` values. Token resolution is most of synthesis time
 * (domain profile: about 38%); on the 1,000-tenant benchmark leaving out the first pass took 7.3 s to 5.3 s
 * and the last 5.3 s to 4.6 s, and the output stayed byte-identical (a test compares every stack).
 *
 * Both are safe only for stacks whose resources reference nothing in another stack and whose overrides hold
 * no token. The toolkit's constructs are such; code added through `customize` (`--extend`) might not, so
 * `synthesizeTenants` keeps cdktf's full passes for it. Set `GOVCLOUD_CDKTF_FULL_RESOLVE=1` to keep them
 * always (to rule the shortcuts out when something looks wrong).
 */

/** Whether the shortcuts are switched off by the environment. */
export const fullResolveForced = (): boolean => process.env.GOVCLOUD_CDKTF_FULL_RESOLVE === '1';

/** cdktf's private module whose `resolve` its stack calls (through the module's exports, at call time). */
interface TokensModule {
  resolve: (scope: unknown, obj: unknown, preparing?: boolean) => unknown;
}

let tokensModule: TokensModule | undefined | null = null;

/** cdktf's `_tokens` module, or undefined when this cdktf lays its files out differently (no shortcut then). */
function cdktfTokensModule(): TokensModule | undefined {
  if (tokensModule !== null) return tokensModule;
  try {
    const file = path.join(path.dirname(require.resolve('cdktf')), '_tokens.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as Partial<TokensModule>;
    tokensModule = typeof mod.resolve === 'function' ? (mod as TokensModule) : undefined;
  } catch {
    tokensModule = undefined;
  }
  return tokensModule;
}

/** Whether `value` is plain JSON data (objects, arrays, strings, numbers, booleans, null) holding no token. */
export function isPlainTokenFree(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string' || typeof value === 'number') return !Token.isUnresolved(value);
  if (Array.isArray(value)) return value.every(isPlainTokenFree);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value as Record<string, unknown>).every(isPlainTokenFree);
}

/**
 * Runs `toTerraform` (the stack's own, passed in) with cdktf's last resolve pass over the merged document
 * left out, when that pass has nothing to do: every element fragment has been resolved by cdktf just before,
 * and the stack's overrides, merged in after, are plain data without tokens. Otherwise the full pass runs.
 */
export function withoutFinalResolve<T>(stack: TerraformStack, toTerraform: () => T): T {
  const mod = cdktfTokensModule();
  const overrides = (stack as unknown as { rawOverrides?: unknown }).rawOverrides;
  if (!mod || fullResolveForced() || !isPlainTokenFree(overrides ?? {})) return toTerraform();
  const original = mod.resolve;
  mod.resolve = (scope, obj, preparing) => (scope === stack && isMergedDocument(obj, stack) ? obj : original(scope, obj, preparing));
  try {
    return toTerraform();
  } finally {
    mod.resolve = original;
  }
}

/** The document `TerraformStack.toTerraform` resolves last: its `//` block names this stack. */
function isMergedDocument(obj: unknown, stack: TerraformStack): boolean {
  if (typeof obj !== 'object' || obj === null) return false;
  const meta = (obj as { '//'?: { metadata?: { stackName?: unknown } } })['//']?.metadata;
  return meta?.stackName === stack.node.id;
}

/** cdktf's global token registry: every token it ever created, by its string form. */
interface TokenRegistry {
  readonly stringTokenMap: Map<string, unknown>;
}

/** cdktf's token registry (a process-wide singleton), or undefined when this cdktf keeps it elsewhere. */
function cdktfTokenRegistry(): TokenRegistry | undefined {
  const registry = (globalThis as { __cdktfTokenMap?: Partial<TokenRegistry> }).__cdktfTokenMap;
  return registry?.stringTokenMap instanceof Map ? (registry as TokenRegistry) : undefined;
}

/**
 * Runs `fn`, which synthesizes one App, and then forgets the tokens it registered. cdktf keeps every token in a
 * process-wide map for the life of the process, and each token holds the construct it belongs to, so every
 * synthesized stack stayed in memory (32,621 tokens after 1,000 tenants). Once an App's stacks are written its
 * tokens are never resolved again: the next chunk's App creates its own. Tokens that existed before `fn` (those
 * cdktf makes when it loads) are kept.
 */
export function forgettingTokens<T>(fn: () => T): T {
  const registry = cdktfTokenRegistry();
  const before = registry?.stringTokenMap.size ?? 0;
  const result = fn();
  if (registry && !fullResolveForced()) {
    let index = 0;
    for (const key of [...registry.stringTokenMap.keys()]) if (index++ >= before) registry.stringTokenMap.delete(key);
  }
  return result;
}
