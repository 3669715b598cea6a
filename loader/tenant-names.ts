import * as path from 'path';
import type { TenantSpec } from '../policy/model';
import type { ConfigProblem } from './config-error';
import { SITE_STACK_PREFIX } from '../policy/site-audit';
import type { YamlFile } from './yaml-file';

/**
 * Names no tenant may take: the members of `Object.prototype`. The `constructs` library keeps a construct's
 * children in a plain object and asks `children[id]`, which finds `constructor` on every object, so a stack of
 * that name clashes with a construct that does not exist; any plain object keyed by tenant name would trip the
 * same way. The schema's name pattern lets only `constructor` through today; the list is whole so that a looser
 * pattern tomorrow cannot let the others in.
 */
export const RESERVED_TENANT_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__']);

/**
 * What a valid tenant file's names must also satisfy, because they become construct ids, folder names and
 * vSphere names: the tenant name is not reserved, does not start with `site-` (the site stacks' names), and equals the file name, and no two VM groups (nor two items
 * of its content library) share a name.
 */
export function tenantNameProblems(yaml: YamlFile, spec: TenantSpec): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const fileName = path.basename(yaml.file);
  const stem = fileName.replace(/\.ya?ml$/, '');
  if (RESERVED_TENANT_NAMES.has(spec.name)) {
    problems.push(yaml.problem('name', `"${spec.name}" is a reserved name (a member of every JavaScript object, which would clash as a construct id)`, 'choose another name, and name the file after it'));
  } else if (spec.name.startsWith(SITE_STACK_PREFIX)) {
    problems.push(yaml.problem('name', `"${spec.name}" starts with ${SITE_STACK_PREFIX}, which names the stacks of sites (site-<site id>)`, 'choose a name that does not start with site-, and name the file after it'));
  } else if (spec.name !== stem) {
    problems.push(
      yaml.problem('name', `name "${spec.name}" differs from the file name ${fileName}`, `rename the file to ${spec.name}.yaml, or write name: ${stem}; a tenant's file is named after the tenant`),
    );
  }
  problems.push(...duplicateNames(yaml, spec.vms, 'vms', 'VM group'));
  problems.push(...duplicateNames(yaml, spec.contentLibrary?.items ?? [], 'contentLibrary.items', 'content library item'));
  return problems;
}

/** One problem for each entry of `list` whose name an earlier entry has, naming the line of both. */
function duplicateNames(yaml: YamlFile, list: readonly { name: string }[], field: string, what: string): ConfigProblem[] {
  const first = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  list.forEach(({ name }, i) => {
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, i);
      return;
    }
    const line = yaml.locate(`${field}[${earlier}].name`).line;
    problems.push(
      yaml.problem(`${field}[${i}].name`, `${what} name "${name}" is also the name of ${field}[${earlier}] (line ${line})`, `give every ${what} of the tenant its own name; its resources are named after it`),
    );
  });
  return problems;
}
