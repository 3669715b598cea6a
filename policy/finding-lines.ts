import { formatFinding, placeOf, type Finding } from './finding';
import { SITE_STACK_PREFIX } from './site-audit';

/** Options of {@link findingLines}. */
export interface FindingLinesOptions {
  /**
   * Every finding on a line of its own with what its rule allows and its sources ({@link formatFinding}).
   * @default false - one short line per finding, identical ones across stacks grouped
   */
  readonly verbose?: boolean;
  /**
   * `file:line` of a tenant field, for findings that carry no location.
   * @default - none: such findings name their field only
   */
  readonly locate?: (tenant: string, field: string) => string | undefined;
}

/** Stack names listed in a grouped line; the rest are counted. */
const NAMES_SHOWN = 3;

/**
 * The lines `govcloud synth` prints for `findings`. By default one short line per finding (rule, stack, the place
 * to edit, what was found, the fix), and findings that differ only by their stack (same rule, place, text and
 * fix: the site's `stateBackend` behind every stack of the site, say) on one line that lists the stacks:
 *
 * `warning STA-01 (config/sites.yaml:47: sites[0].stateBackend; 3 stacks: dsp-ng, igss-analytics, site-ctie-govcloud-1): state is a local file ... Fix: ...`
 */
export function findingLines(findings: readonly Finding[], options: FindingLinesOptions = {}): string[] {
  if (options.verbose) return findings.map((f) => formatFinding(f, options.locate));
  const groups = new Map<string, { head: string; where: string; body: string; names: string[] }>();
  const recoveryStacks = new Set<string>();
  for (const f of findings) {
    const where = placeOf(f, options.locate);
    const head = `${f.severity} ${f.ruleId}`;
    // A finding of a recovery stack is named after that stack, so it groups with the same finding of its site's.
    const recovery = RECOVERY_FOUND.exec(f.found);
    const name = recovery ? recovery[1] : f.tenant;
    if (recovery) recoveryStacks.add(name);
    const body = `${recovery ? f.found.slice(recovery[0].length) : f.found}. Fix: ${f.fix}`;
    const key = JSON.stringify([head, where, body]);
    const group = groups.get(key) ?? { head, where, body, names: [] };
    if (!group.names.includes(name)) group.names.push(name);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ head, where, body, names }) => {
    const isStack = (name: string) => isSiteStack(name) || recoveryStacks.has(name);
    if (names.length === 1) return `${head} ${isStack(names[0]) ? 'stack' : 'tenant'} ${names[0]} (${where}): ${body}`;
    const shown = names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? ', …' : '');
    const noun = names.some(isStack) ? 'stacks' : 'tenants';
    return `${head} (${where}; ${names.length} ${noun}: ${shown}): ${body}`;
  });
}

/** No tenant name starts with `site-`: such a name is a site's stack. */
const isSiteStack = (name: string) => name.startsWith(SITE_STACK_PREFIX);

/**
 * What was found in a recovery stack, said so: the tenant's own stack may hold the same finding. The whole-stack
 * check words it so (`check/check-stacks.ts`), and {@link findingLines} reads the stack back from it.
 */
export function foundInRecoveryStack(stack: string, site: string, found: string): string {
  return `recovery stack ${stack} at site ${site}: ${found}`;
}

const RECOVERY_FOUND = /^recovery stack (\S+) at site \S+: /;

