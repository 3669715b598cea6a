import * as path from 'path';
import { Token, type TerraformStack } from 'cdktf';

/**
 * Where cdktf 0.21's synthesis does work a tenant stack built by the toolkit's constructs does not need, and how
 * to leave it out. cdktf resolves every element of a stack three times: once in `prepareStack` ("a preparing
 * resolve run might add new resources to the stack, e.g. for cross stack references"), once per element in
 * `toTerraform`, and once more over the whole merged document, which is by then resolved already except for the
 * stack's own `addOverride` values. Token resolution is most of synthesis time (domain profile: about 38%); on
 * the 1,000-tenant benchmark leaving out the first pass took 7.3 s to 5.3 s and the last 5.3 s to 4.6 s. The
 * pass that remains walks only the parts of each element that are not plain data (`resolvePlainParts`): cdktf's
 * resolve spent most of its time giving every plain string and object a context of its own (a serial synth of
 * 1,000 tenants: its resolve functions 2.1 s to 0.6 s of CPU; with the recovery stacks taking the shortcuts too,
 * 7.5 s to 5.4 s, docs/benchmark.md). The output stays byte-identical (a test compares every stack of the example
 * config with cdktf's full passes, and one compares `resolvePlainParts` with cdktf's resolve).
 *
 * Leaving out the first and the last pass is safe only for stacks whose resources reference nothing in another
 * stack and whose overrides hold no token; `resolvePlainParts` gives what cdktf's resolve gives for any input.
 * The toolkit's constructs are such; code added through `customize` (`--extend`) might not be, so
 * `synthesizeTenants` keeps cdktf's full passes for it. Set `GOVCLOUD_CDKTF_FULL_RESOLVE=1` to keep them always
 * (to rule the shortcuts out when something looks wrong).
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
 * Runs `toTerraform` (the stack's own, passed in) with the stack's resolve passes shortened: each resolves only
 * the parts that are not plain data (`resolvePlainParts`), and the last pass over the merged document is left out
 * when it has nothing to do: every element fragment has been resolved just before, and the stack's overrides,
 * merged in after, are plain data without tokens. Otherwise that pass runs too.
 */
export function withShortResolves<T>(stack: TerraformStack, toTerraform: () => T): T {
  const mod = cdktfTokensModule();
  if (!mod || fullResolveForced()) return toTerraform();
  const overrides = (stack as unknown as { rawOverrides?: unknown }).rawOverrides;
  const skipLastPass = isPlainTokenFree(overrides ?? {});
  const original = mod.resolve;
  mod.resolve = (scope, obj, preparing) => {
    if (scope !== stack) return original(scope, obj, preparing);
    if (skipLastPass && isMergedDocument(obj, stack)) return obj;
    return resolvePlainParts(obj, (part) => original(scope, part, preparing));
  };
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

/** What `plainCopy` returns for a part it leaves to cdktf. */
const NOT_PLAIN = Symbol('not plain');

/** Thrown inside `plainCopy` to leave the whole document to cdktf (deep nesting, or cdktf failed on a part). */
const WHOLE_TO_CDKTF = Symbol('whole document to cdktf');

/** cdktf 0.21's pattern for numbers written into strings, which its resolve decodes (tokens/private/encoding.js). */
const NUMBER_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;

/**
 * Token numbers are negative doubles of magnitude 2^960 or more (cdktf's encoding.js); a number under this bound is
 * plain, except the map-token marker, which cdktf refuses in a scalar position.
 */
const PLAIN_NUMBER_LIMIT = 1e280;

/** Depth past which the document goes to cdktf whole, so that its own guard (a path of 200) decides. */
const MAX_PLAIN_DEPTH = 100;

const isPlainNumber = (n: number): boolean => Math.abs(n) < PLAIN_NUMBER_LIMIT && n !== Token.NUMBER_MAP_TOKEN_VALUE;

/**
 * Whether cdktf's resolve returns `s` as it is: no token marker, no number cdktf might decode, and not one of the
 * map-token markers it refuses in a scalar position.
 */
const isPlainString = (s: string): boolean =>
  !s.includes('TfToken[') && !NUMBER_IN_STRING.test(s) && s !== Token.STRING_MAP_TOKEN_VALUE && s !== Token.ANY_MAP_TOKEN_VALUE;

/**
 * What cdktf's `resolve` returns for `value`, with the plain parts built here and every other part resolved by
 * `resolveByCdktf`. cdktf's resolve gives every value it walks a new context (closures, its path copied per
 * level, the path joined into a string): on a tenant stack most of the document is plain data, and that was
 * most of the time left in token resolution. Here a plain object or array becomes a new object or array with
 * undefined values left out, and a plain string, number, boolean or null stays itself, as in cdktf's resolve. A
 * string or number that may be a token, an object with behaviour (a token, a `Date`, a class instance) and an
 * array or object cdktf handles as a whole (list tokens, map tokens, a construct) go to cdktf: every context
 * above such a part is a plain one with no flag set, so cdktf resolves it as it would in place. If cdktf throws
 * on a part, or the document is nested deeper than {@link MAX_PLAIN_DEPTH}, the whole document goes to cdktf, so
 * its error names the path as it always did.
 */
export function resolvePlainParts(value: unknown, resolveByCdktf: (part: unknown) => unknown): unknown {
  try {
    const plain = plainCopy(value, 0, (part) => {
      try {
        return resolveByCdktf(part);
      } catch {
        throw WHOLE_TO_CDKTF;
      }
    });
    return plain === NOT_PLAIN ? resolveByCdktf(value) : plain;
  } catch (e) {
    if (e === WHOLE_TO_CDKTF) return resolveByCdktf(value);
    throw e;
  }
}

/** A plain copy of `value` (parts that are not plain resolved by `toCdktf`), or NOT_PLAIN for cdktf to take it whole. */
function plainCopy(value: unknown, depth: number, toCdktf: (part: unknown) => unknown): unknown {
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (typeof value === 'string') return isPlainString(value) ? value : NOT_PLAIN;
  if (typeof value === 'number') return isPlainNumber(value) ? value : NOT_PLAIN;
  if (typeof value !== 'object') return NOT_PLAIN;
  if (depth > MAX_PLAIN_DEPTH) throw WHOLE_TO_CDKTF;
  const part = (x: unknown) => {
    const copy = plainCopy(x, depth + 1, toCdktf);
    return copy === NOT_PLAIN ? toCdktf(x) : copy;
  };
  if (Array.isArray(value)) {
    // cdktf resolves an array holding a list token (a string or a number) as a whole; any token element sends it there.
    if (value.some((x) => (typeof x === 'string' && x.includes('TfToken[')) || (typeof x === 'number' && !isPlainNumber(x)))) return NOT_PLAIN;
    const out: unknown[] = [];
    for (const x of value) {
      const r = part(x);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const record = value as Record<string, unknown>;
  // A token (a `resolve` method), a construct's fields, or a key that is not plain (a map token): cdktf's cases.
  if (typeof record.resolve === 'function' || (record._children !== undefined && record._metadata !== undefined)) return NOT_PLAIN;
  const keys = Object.keys(record);
  if (!keys.every(isPlainString)) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const r = part(record[k]);
    if (r !== undefined) out[k] = r;
  }
  return out;
}
