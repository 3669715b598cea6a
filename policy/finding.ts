/** How much a finding weighs: an error refuses the tenant, a warning is printed and synthesis goes on. */
export type Severity = 'error' | 'warning';

/** One rule broken by one tenant: what, where, what is allowed, how to fix it, and why. */
export interface Finding {
  /** Stable rule id, e.g. `RES-01`. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** The tenant the finding is about. */
  readonly tenant: string;
  /** Path of the tenant field to change, e.g. `site`, `vms[0].template`, `keys.deletionAllowed`. */
  readonly field: string;
  /** What was found, in words. */
  readonly found: string;
  /** What the rule allows, in words. */
  readonly allowed: string;
  /** What to change. */
  readonly fix: string;
  /** Regulation, standard clause or policy decision the rule rests on. */
  readonly source: string;
}

/** A finding about something in a stack: which block and attribute, besides the tenant-level facts. */
export interface StackFinding extends Finding {
  /** Address of the block (`vsphere_virtual_machine.x`, `provider.vsphere`, `terraform.backend`). */
  readonly resource: string;
  /** Attribute path within the block, where one is to blame (`disk.1.storage_policy_id`). */
  readonly attribute?: string;
  /** cdktf construct path, where recorded: what a person edits in code. */
  readonly constructPath?: string;
}

/** A place a person edits: a tenant YAML file and line, or a construct's source file. */
export interface SourceLocation {
  /** Path relative to the repository root where possible. */
  readonly file: string;
  /** 1-based line, where known. */
  readonly line?: number;
  /**
   * The field to edit there, where it is not the finding's own `field`: `sites[0].stateBackend` of `sites.yaml`
   * for a finding on the stack's `terraform.backend`, which synth writes from it.
   * @default - the finding's field
   */
  readonly field?: string;
}

/** Keeps only the findings that refuse a tenant. */
export function errorsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

/**
 * One line per finding, in the form the style guide asks for:
 * `tenant dsp-ng (site): site research-de-1 is in DE; classification health allows LU (RES-01, ...). Fix: ...`
 * `locate` turns a tenant field into `file:line` where the caller knows it.
 */
export function formatFinding(f: Finding, locate?: (tenant: string, field: string) => string | undefined): string {
  return `${f.severity} ${f.ruleId} tenant ${f.tenant} (${placeOf(f, locate)}): ${f.found}; allowed: ${f.allowed} [${f.source}]. Fix: ${f.fix}`;
}

/** `file:line: field` of the place a person edits to fix `f`, or its field alone where no line is known. */
export function placeOf(f: Finding, locate?: (tenant: string, field: string) => string | undefined): string {
  const located = (f as { location?: SourceLocation }).location;
  const at = located ? [located.file, located.line].filter((x) => x !== undefined).join(':') : locate?.(f.tenant, f.field);
  const construct = (f as { constructPath?: string }).constructPath;
  const inCode = construct && located?.file.endsWith('.json') ? ` (construct ${construct})` : '';
  const field = located?.field ?? f.field;
  return at ? `${at}: ${field}${inCode}` : field;
}
