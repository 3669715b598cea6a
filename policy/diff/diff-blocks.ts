/**
 * A stack's blocks as the diff matches them: one address per block, for resources, data sources, providers,
 * the backend and `required_providers` alike.
 */
import type { StackDocument } from '../terraform/stack-document';

/** What kind of Terraform block an address names. */
export type DiffBlockKind = 'resource' | 'data' | 'provider' | 'backend' | 'required_providers';

/** One block, by the address both sides of a diff share. */
export interface DiffBlock {
  /** `vsphere_virtual_machine.x`, `data.vsphere_datacenter.x`, `provider.vsphere[.alias]`, `terraform.backend`, `terraform.required_providers`. */
  readonly address: string;
  readonly kind: DiffBlockKind;
  /** Resource or data source type, provider local name (`vsphere`), backend type (`local`), or `required_providers`. */
  readonly type: string;
  /**
   * Attribute values. The backend's carry its type as `type` (so `local` to `s3` is one attribute change);
   * `required_providers`' are keyed by provider local name.
   */
  readonly values: Readonly<Record<string, unknown>>;
  readonly constructPath?: string;
}

/** Address of the backend block. */
export const BACKEND_ADDRESS = 'terraform.backend';
/** Address of the `required_providers` block. */
export const REQUIRED_PROVIDERS_ADDRESS = 'terraform.required_providers';

/** Address of a provider configuration: `provider.vault`, `provider.vsphere.site_b`. */
export const providerAddress = (type: string, alias?: string) => (alias ? `provider.${type}.${alias}` : `provider.${type}`);

/** Every block of `doc` by address. A second provider block with the same address gets a `#2` suffix. */
export function diffBlocksOf(doc: StackDocument): Map<string, DiffBlock> {
  const out = new Map<string, DiffBlock>();
  for (const b of [...doc.resources, ...doc.dataSources]) {
    out.set(b.address, { address: b.address, kind: b.kind, type: b.type, values: b.values, constructPath: b.constructPath });
  }
  for (const p of doc.providers) {
    let address = providerAddress(p.type, p.alias);
    for (let n = 2; out.has(address); n++) address = `${providerAddress(p.type, p.alias)}#${n}`;
    out.set(address, { address, kind: 'provider', type: p.type, values: p.values });
  }
  if (doc.backend) {
    out.set(BACKEND_ADDRESS, { address: BACKEND_ADDRESS, kind: 'backend', type: doc.backend.type, values: { type: doc.backend.type, ...doc.backend.values } });
  }
  if (Object.keys(doc.requiredProviders).length) {
    out.set(REQUIRED_PROVIDERS_ADDRESS, { address: REQUIRED_PROVIDERS_ADDRESS, kind: 'required_providers', type: 'required_providers', values: doc.requiredProviders });
  }
  return out;
}

/** The `type` a {@link BlockChange} reports: the resource or data source type, else the kind. */
export function reportedType(block: DiffBlock): string {
  return block.kind === 'resource' || block.kind === 'data' ? block.type : block.kind;
}
