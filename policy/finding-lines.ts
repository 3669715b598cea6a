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
  for (const f of findings) {
    const where = placeOf(f, options.locate);
    const head = `${f.severity} ${f.ruleId}`;
    const body = `${f.found}. Fix: ${f.fix}`;
    const key = JSON.stringify([head, where, body]);
    const group = groups.get(key) ?? { head, where, body, names: [] };
    if (!group.names.includes(f.tenant)) group.names.push(f.tenant);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ head, where, body, names }) => {
    if (names.length === 1) return `${head} ${subject(names[0])} (${where}): ${body}`;
    const shown = names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? ', …' : '');
    const noun = names.some(isSiteStack) ? 'stacks' : 'tenants';
    return `${head} (${where}; ${names.length} ${noun}: ${shown}): ${body}`;
  });
}

const isSiteStack = (name: string) => name.startsWith(SITE_STACK_PREFIX);

/** `tenant dsp-ng`, or `stack site-lu-colo-1` for a site's stack (no tenant name starts with `site-`). */
function subject(name: string): string {
  return `${isSiteStack(name) ? 'stack' : 'tenant'} ${name}`;
}

