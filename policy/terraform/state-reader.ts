/** Reads the JSON of `terraform show -json` of an applied state: the values vCenter and Vault returned. */
import { isObject, type Json } from './plan-json';
import { UnreadableInputError } from './synth-reader';

/** One resource or data source instance of a state, as Terraform recorded it after apply. */
export interface StateResource {
  /** Terraform's address, with module path and instance key (`module.x.vsphere_virtual_machine.vm[0]`). */
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** The attribute values the provider read back, snake_case as in the provider schema; nested blocks are lists. */
  readonly values: Json;
}

const STATE_FIX = 'run `terraform show -json > state.json` in the tenant\'s stack folder after apply, and pass state.json';

/**
 * The resources of `terraform show -json` (JSON output format 1.x: `values.root_module.resources[]`, then each
 * `child_modules[]` recursively). A state with no resource at all has no `values` (Terraform 1.x prints only
 * `format_version`): that reads as an empty list, for the caller to refuse. A plan (it has `planned_values`) and
 * anything else that is not a state is refused with an {@link UnreadableInputError}.
 */
export function readStateResources(json: unknown, file: string): StateResource[] {
  if (!isObject(json)) throw new UnreadableInputError(file, 'not a JSON object', STATE_FIX);
  if ('planned_values' in json || 'resource_changes' in json) {
    throw new UnreadableInputError(file, 'is a plan, not a state', STATE_FIX);
  }
  if (typeof json.format_version !== 'string') throw new UnreadableInputError(file, 'has no "format_version": it is not `terraform show -json` output', STATE_FIX);
  if (json.values === undefined) return [];
  if (!isObject(json.values) || !isObject(json.values.root_module)) throw new UnreadableInputError(file, '"values.root_module" is not an object', STATE_FIX);
  const out: StateResource[] = [];
  const walk = (module: Json, where: string) => {
    const resources = module.resources ?? [];
    if (!Array.isArray(resources)) throw new UnreadableInputError(file, `"resources" of ${where} is not a list`, STATE_FIX);
    resources.forEach((r, i) => {
      if (!isObject(r) || typeof r.address !== 'string' || typeof r.type !== 'string' || typeof r.name !== 'string' || (r.mode !== 'managed' && r.mode !== 'data')) {
        throw new UnreadableInputError(file, `resource ${i} of ${where} lacks address, mode, type or name`, STATE_FIX);
      }
      out.push({ address: r.address, mode: r.mode, type: r.type, name: r.name, values: isObject(r.values) ? r.values : {} });
    });
    const children = module.child_modules ?? [];
    if (!Array.isArray(children)) throw new UnreadableInputError(file, `"child_modules" of ${where} is not a list`, STATE_FIX);
    for (const child of children) {
      if (!isObject(child)) throw new UnreadableInputError(file, `a child module of ${where} is not an object`, STATE_FIX);
      walk(child, typeof child.address === 'string' ? child.address : 'a child module');
    }
  };
  walk(json.values.root_module, 'the root module');
  return out;
}
