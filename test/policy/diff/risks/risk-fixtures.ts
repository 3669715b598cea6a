import { diffStacks, type RiskReason, type TenantDiff } from '../../../../policy/diff';
import { blockIn, bundledSites, copyOf, docOf } from '../diff-fixtures';

const sites = bundledSites();

/** The diff of a tenant's synthesized stack against a copy changed by `edit` (and, optionally, its base by `editBase`). */
export function diffAfter(tenant: string, edit: (json: any) => void, editBase: (json: any) => void = () => undefined): TenantDiff {
  const base = copyOf(tenant);
  editBase(base);
  const head = structuredClone(base);
  edit(head);
  return diffStacks(docOf(base, tenant), docOf(head, tenant), sites);
}

/** Every label of a diff, as `label rule` strings, once each. */
export function labels(d: TenantDiff): string[] {
  return [...new Set(d.changes.flatMap((c) => c.risks.map((r) => `${r.label} ${r.rule}`)))].sort();
}

/** The reasons of a diff that one rule gave. */
export function reasons(d: TenantDiff, rule: string): string[] {
  return d.changes.flatMap((c) => c.risks).filter((r: RiskReason) => r.rule === rule).map((r) => r.reason);
}

/** The VM block of stack JSON (the first, or the one named `name`). */
export const vm = (json: any, name?: string) => blockIn(json, 'vsphere_virtual_machine', name);
/** The first data source of `type` in stack JSON. */
export const dataOf = (json: any, type: string) => blockIn(json, type, undefined, 'data');
