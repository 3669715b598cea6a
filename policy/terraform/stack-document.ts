/**
 * What Terraform will receive for one stack, read either from synthesized JSON (`cdk.tf.json`) or from a plan
 * (`terraform show -json`), in one shape so the same rules judge both. Pure data: no cdktf, no file system.
 */

/** A resource or data source block. */
export interface TfBlock {
  readonly kind: 'resource' | 'data';
  /** Terraform type, e.g. `vsphere_virtual_machine`. */
  readonly type: string;
  /** Logical name, e.g. `tenant_compute_dsp-ng-app-01_1A2B3C4D`. */
  readonly name: string;
  /** `type.name` for resources, `data.type.name` for data sources (plan addresses may carry a module or index). */
  readonly address: string;
  /** Attribute values; references stay as `${...}` strings in synth JSON. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Attribute paths (`disk.0.storage_policy_id`) whose value is known only after apply. */
  readonly unknown: ReadonlySet<string>;
  /** The construct path cdktf recorded, where known (`dsp-ng/tenant/compute/dsp-ng-app-01`). */
  readonly constructPath?: string;
  /** Suppressions a construct attached to this block (`"//": { "suppressions": [...] }` in synth JSON). */
  readonly suppressions?: readonly BlockSuppression[];
}

/** A suppression carried by a block itself; judged like any other before it silences anything. */
export interface BlockSuppression {
  readonly ruleId?: string;
  readonly reason?: string;
  readonly approvedBy?: string;
  readonly expires?: string;
}

/** A provider configuration block. */
export interface TfProvider {
  /** Local provider name, e.g. `vsphere`. */
  readonly type: string;
  readonly alias?: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/** One stack as Terraform sees it. */
export interface StackDocument {
  /** Stack name; the toolkit names stacks after their tenant. */
  readonly stack: string;
  /** Where the document was read from. */
  readonly origin: { readonly kind: 'synth' | 'plan'; readonly file: string };
  readonly resources: readonly TfBlock[];
  readonly dataSources: readonly TfBlock[];
  readonly providers: readonly TfProvider[];
  /** The backend block, if the stack has one. Plans do not record it (see plan reader). */
  readonly backend?: { readonly type: string; readonly values: Readonly<Record<string, unknown>> };
  /** `terraform.required_providers`. */
  readonly requiredProviders: Readonly<Record<string, { readonly source?: string; readonly version?: string }>>;
  /**
   * The root module's `module` calls, where the reader found any (`module` in synthesized JSON,
   * `configuration.root_module.module_calls` in a plan).
   * @default - none
   */
  readonly moduleCalls?: readonly ModuleCall[];
}

/** A `module "name" { source = ..., version = ... }` call. */
export interface ModuleCall {
  readonly name: string;
  readonly source: string;
  /** `version` (synthesized JSON) or `version_constraint` (plan), where given. */
  readonly version?: string;
}

/** Every block of a document, resources first, keyed by address. */
export function blocksByAddress(doc: StackDocument): Map<string, TfBlock> {
  const out = new Map<string, TfBlock>();
  for (const b of [...doc.resources, ...doc.dataSources]) out.set(b.address, b);
  return out;
}
