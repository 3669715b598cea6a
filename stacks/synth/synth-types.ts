import type { Finding } from '../../policy/finding';
import type { CheckReport } from '../../policy/report/check-report';
import type { TenantStack } from '../tenant-stack';
import type { SiteStack } from '../site-stack';
import type { KeptStack } from './publish-output';
import type { SiteAuditDevice } from '../../policy/site-audit';

/** What one synthesized tenant became. */
export interface SynthesizedTenant {
  readonly name: string;
  readonly site: string;
  readonly classification: string;
  /** Number of Terraform resources (not data sources) in the stack. */
  readonly resources: number;
  /** Path of the written `cdk.tf.json`. */
  readonly file: string;
  /**
   * Set on a recovery stack (`<tenant>-recovery`, at the recovery site): the tenant it recovers.
   * @default - the tenant's own stack
   */
  readonly recoveryOf?: string;
}

/** What one site in use became: its stack `site-<id>`, and for OpenBao the audit stanzas for the server config. */
export interface SynthesizedSite {
  /** The stack's name, `site-<id>`. */
  readonly name: string;
  readonly site: string;
  /** Number of Terraform resources in the stack (none on OpenBao). */
  readonly resources: number;
  /** Path of the written `cdk.tf.json`. */
  readonly file: string;
  /** Path of the written `openbao-audit.hcl`, on OpenBao sites. */
  readonly artefact?: string;
  /** The site's audit devices, created by the stack or declared in the artefact. */
  readonly devices: readonly SiteAuditDevice[];
}

/** The outcome of a synth that wrote its output. */
export interface SynthResult {
  readonly tenants: readonly SynthesizedTenant[];
  /** The site stacks written (every site in use, whenever a synth writes anything). */
  readonly sites?: readonly SynthesizedSite[];
  /** Warning findings: printed, but they do not stop synthesis. */
  readonly warnings: readonly Finding[];
  /** Every tenant-rule finding of the synthesized tenants (warnings only, since errors refuse). */
  readonly tenantFindings: readonly Finding[];
  /** The whole-stack check of what was written (locations relative to the working directory). */
  readonly report: CheckReport;
  /** Tenants an incremental synth left as they were, their inputs and stack unchanged. */
  readonly unchanged: readonly string[];
  /** Stacks removed because their tenant (or, for `site-<id>`, the last tenant of the site) no longer exists (only their `cdk.tf.json`: see `kept`). */
  readonly removed: readonly string[];
  /**
   * Stack folders of removed tenants that were kept because they hold files govcloud did not write (Terraform
   * state, `.terraform/`): the tenant's resources may still exist.
   */
  readonly kept: readonly KeptStack[];
  /** Files govcloud did not write, found in folders dead synths left (left where they are). */
  readonly strays: readonly string[];
}

/** Options of {@link synthesizeTenants}. */
export interface SynthOptions {
  /** Output folder, laid out as cdktf does (`stacks/<tenant>/cdk.tf.json`, `manifest.json`). */
  readonly outDir: string;
  /**
   * Synthesize only these tenants (possibly none, for an empty shard) and leave the other stacks in `outDir`
   * as they are.
   * @default - every tenant, and the stacks of tenants that are gone are removed
   */
  readonly tenants?: readonly string[];
  /**
   * Called with every tenant stack after the toolkit built it: a place to add resources beside the toolkit's
   * constructs. Whatever it adds is checked by the whole stack catalogue like the rest.
   * @default - nothing is added
   */
  readonly customize?: (stack: TenantStack) => void;
  /**
   * Called with every site stack (`site-<id>`) after the toolkit built it, before synthesis: a place to add
   * resources of the site beside its audit devices. Whatever it adds is checked like the rest.
   * @default - nothing is added
   */
  readonly customizeSite?: (stack: SiteStack) => void;
  /**
   * Today's date (`YYYY-MM-DD`) against which suppressions expire.
   * @default the current UTC date
   */
  readonly today?: string;
  /**
   * Called as stacks are built: how many of the tenants to build are done, and how many there are (after the
   * incremental skips). For a progress indicator; it must not throw.
   * @default - nothing is called
   */
  readonly onProgress?: (built: number, total: number) => void;
  /**
   * Skip tenants whose inputs (tenant file, site catalogue, classifications, toolkit version, lock file and
   * code) and stack are unchanged since the last synth into `outDir`, as recorded in its `.govcloud-inputs.json`;
   * remove the stacks of tenants that are gone. The output is the same as a full synth's. Ignored with
   * `tenants`, and when `outDir` has no record (then the synth is full).
   * @default false - every selected tenant is synthesized
   */
  readonly incremental?: boolean;
  /**
   * The command that writes, named in the output's lock so a second command can say who holds it.
   * @default 'synth'
   */
  readonly command?: string;
  /**
   * Called after each step of the publish (for tests that interrupt a synth there).
   * @default - nothing
   */
  readonly afterPublishStep?: (step: string) => void;
  /**
   * At most this many tenants share one cdktf App (a chunk); each chunk's App is dropped before the next is
   * built, so memory stays bounded whatever the tenant count. Smaller chunks bound memory more tightly for more
   * Apps; the output is the same whatever the size (a test compares it byte for byte).
   * @default CHUNK_TENANTS (200)
   */
  readonly chunkTenants?: number;
}

/** Options of {@link synthesizeTenantsInParallel}. */
export interface ParallelSynthOptions extends SynthOptions {
  /**
   * Worker threads to synthesize with. Fewer are started when there are fewer than
   * {@link MIN_TENANTS_PER_WORKER} tenants to build per worker, none (the work is done in this thread) when one
   * would do, and none with `customize` (a function cannot be handed to a thread).
   * @default - one per core (`os.availableParallelism()`)
   */
  readonly jobs?: number;
  /**
   * Fewest tenants per worker thread: below it, starting a worker costs more than it saves.
   * @default MIN_TENANTS_PER_WORKER (100)
   */
  readonly minTenantsPerWorker?: number;
}

/** What synthesizing some tenants gave: their stacks, written, and the whole-stack check of them. */
export interface BuiltStacks {
  readonly tenants: readonly SynthesizedTenant[];
  /** The site stacks, once `addSiteStacks` added them. */
  readonly sites?: readonly SynthesizedSite[];
  readonly report: CheckReport;
}

/** Options of {@link buildStacks}. */
export interface BuildOptions {
  /** Where the stacks will be published (the report and the results name files there). */
  readonly outDir: string;
  /**
   * Called with every tenant stack after the toolkit built it.
   * @default - nothing is added
   */
  readonly customize?: (stack: TenantStack) => void;
  /**
   * Called with every site stack after the toolkit built it.
   * @default - nothing is added
   */
  readonly customizeSite?: (stack: SiteStack) => void;
  /**
   * Today's date (`YYYY-MM-DD`) against which suppressions expire.
   * @default the current UTC date
   */
  readonly today?: string;
}
