import * as fs from 'fs';
import Module from 'module';
import * as path from 'path';
import type { TenantStack } from '../stacks/tenant-stack';
import type { SiteStack } from '../stacks/site-stack';
import { UsageError } from '../loader/usage-error';

/**
 * The libraries an `--extend` module builds on, which it gets from govcloud's own installation when it cannot
 * find them beside itself (a module in a folder of its own, outside the repository, has no `node_modules`): then
 * its constructs are those of the same cdktf and constructs as the stacks they join.
 */
const SHARED_LIBRARIES = /^(?:cdktf|constructs|@cdktf\/provider-(?:vsphere|vault))(?:\/|$)/;

type ResolveFilename = (request: string, parent: unknown, ...rest: unknown[]) => string;
let shared = false;

/**
 * Lets every module resolve {@link SHARED_LIBRARIES} from govcloud's installation when Node finds them nowhere
 * else. Only a request that would fail is redirected, and only for those libraries: a module with its own copy
 * keeps it, and every other request fails as it would have.
 */
function shareLibraries(): void {
  if (shared) return;
  shared = true;
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = loader._resolveFilename;
  loader._resolveFilename = function resolveShared(this: unknown, request, parent, ...rest) {
    try {
      return original.call(this, request, parent, ...rest);
    } catch (e) {
      if (!SHARED_LIBRARIES.test(request)) throw e;
      return require.resolve(request);
    }
  };
}

/** The package a failed `require` names (`lodash` of `Cannot find module 'lodash'`), when it is not a path. */
function missingPackage(e: unknown): string | undefined {
  if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') return undefined;
  const name = /Cannot find module '([^']+)'/.exec((e as Error).message)?.[1];
  return name && !name.startsWith('.') && !path.isAbsolute(name) ? name : undefined;
}

/** The hooks of the `--extend` modules: for tenant stacks, and for site stacks. */
export interface Extensions {
  /** Called with every tenant stack. @default - none */
  readonly customize?: (stack: TenantStack) => void;
  /** Called with every site stack (`site-<id>`). @default - none */
  readonly customizeSite?: (stack: SiteStack) => void;
}

/**
 * Loads `--extend` modules: each exports `customize(stack)`, called with every tenant stack, and/or
 * `customizeSite(stack)`, called with every site stack (`site-<id>`), to add resources beside the toolkit's
 * constructs (they are checked like the rest). cdktf, constructs and the vSphere and Vault providers resolve from
 * govcloud's installation when the module has none of its own. A module that cannot be loaded, or exports neither
 * function, is bad input, with the fix that applies.
 */
export function loadExtensions(modules: readonly string[]): Extensions {
  if (modules.length === 0) return {};
  shareLibraries();
  const hooks = modules.map((m) => {
    const file = path.resolve(m);
    let mod: { customize?: unknown; customizeSite?: unknown; default?: { customize?: unknown; customizeSite?: unknown } };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(file) as typeof mod;
    } catch (e) {
      const pkg = missingPackage(e);
      const fix = pkg
        ? `install ${pkg} where the module finds it (npm install ${pkg} in ${path.dirname(file)} or a folder above it); cdktf, constructs and the vSphere and Vault providers need no install, govcloud lends its own`
        : (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && !fs.existsSync(file)
          ? 'pass the path of an existing JavaScript file'
          : 'pass a compiled JavaScript module (CommonJS) that exports customize(stack) or customizeSite(stack)';
      throw new UsageError([{ file: m, field: '--extend', message: `cannot load the module (${(e as Error).message.split('\n')[0]})`, fix }]);
    }
    const tenant = mod.customize ?? mod.default?.customize;
    const site = mod.customizeSite ?? mod.default?.customizeSite;
    if (typeof tenant !== 'function' && typeof site !== 'function') {
      throw new UsageError([{ file: m, field: '--extend', message: 'the module exports no customize function (nor customizeSite)', fix: 'export function customize(stack) { ... } for tenant stacks, or customizeSite(stack) for site stacks' }]);
    }
    return {
      tenant: typeof tenant === 'function' ? (tenant as (s: TenantStack) => void) : undefined,
      site: typeof site === 'function' ? (site as (s: SiteStack) => void) : undefined,
    };
  });
  const tenantHooks = hooks.flatMap((h) => (h.tenant ? [h.tenant] : []));
  const siteHooks = hooks.flatMap((h) => (h.site ? [h.site] : []));
  return {
    customize: tenantHooks.length ? (stack) => tenantHooks.forEach((h) => h(stack)) : undefined,
    customizeSite: siteHooks.length ? (stack) => siteHooks.forEach((h) => h(stack)) : undefined,
  };
}
