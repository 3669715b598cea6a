/**
 * What a risk rule sees of one block change: both sides of the block, both whole stacks (to follow
 * references), the site catalogue, and the resources the change replaces through their ForceNew attributes.
 */
import { ReferenceResolver } from '../terraform/references';
import type { StackDocument } from '../terraform/stack-document';
import type { BlockChange } from './diff-model';
import type { DiffBlock, DiffBlockKind } from './diff-blocks';
import { nameOf, type Dependant } from './force-new';
import type { Site } from '../model';
import type { SiteLookup } from './site-lookup';

/** One side (base or head) of a tenant's comparison. */
export class StackSide {
  private resolver?: ReferenceResolver;

  constructor(
    readonly doc: StackDocument | undefined,
    readonly blocks: ReadonlyMap<string, DiffBlock>,
  ) {}

  /** Follows `${...}` references in this side's document (built on first use). */
  get refs(): ReferenceResolver | undefined {
    if (!this.doc) return undefined;
    this.resolver ??= new ReferenceResolver(this.doc);
    return this.resolver;
  }

  /** Literal `name`s of the `type` blocks that `value` leads to on this side. */
  namesReached(value: unknown, type: string): string[] {
    return value === undefined ? [] : (this.refs?.literals(value, type) ?? []);
  }
}

/** The context of one block change. */
export interface RiskContext {
  readonly tenant: string;
  readonly address: string;
  readonly kind: DiffBlockKind;
  /** Resource or data source type, provider local name or backend type (head side when both exist). */
  readonly type: string;
  readonly change: BlockChange['kind'];
  readonly before?: DiffBlock;
  readonly after?: DiffBlock;
  readonly base: StackSide;
  readonly head: StackSide;
  readonly sites: SiteLookup;
  /**
   * The tenant's own site, as its stack's datacenter names it (head side, else base): endpoints are looked up there
   * first, since sites may share a DNS domain.
   * @default - none known: endpoints are looked up in catalogue order
   */
  readonly site?: Site;
  /** Head-side resources this change replaces because a ForceNew attribute of theirs follows it. */
  replacedDependants(): readonly Dependant[];
}

/** The block as a reason names it: `vault_mount "kv"` (type and its name before the change), else its address. */
export function describeBlock(ctx: RiskContext): string {
  const name = nameOf(ctx.before?.values) ?? nameOf(ctx.after?.values);
  return name === undefined ? ctx.address : `${ctx.type} "${name}"`;
}

const URL = /\b(?:https?|git|ssh|ftp|sftp|s3):\/\/[^\s"'<>)}]+|\bgit@[^\s:"']+:[^\s"']+|\bgit::[^\s"']+/gi;

/** Every URL in a block's values, each with the first dotted path it appears at. */
export function urlsIn(values: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      for (const m of v.match(URL) ?? []) if (!out.has(m)) out.set(m, path);
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, path ? `${path}.${i}` : String(i)));
    else if (typeof v === 'object' && v !== null) {
      for (const k of Object.keys(v).sort()) if (k !== '//') visit((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    }
  };
  visit(values, '');
  return out;
}

/** True for `true` and `"true"` (Terraform accepts both in JSON). */
export const isTrue = (v: unknown) => v === true || v === 'true';

/** The element index of a list path (`disk.1.size` gives `1`), or undefined. */
export function indexIn(path: string, list: string): number | undefined {
  const m = new RegExp(`^${list.replace(/\./g, '\\.')}\\.(\\d+)(\\.|$)`).exec(path);
  return m ? Number(m[1]) : undefined;
}

/**
 * The value of `field` in a change at `block.field` or at `block` (a nested block added or removed whole):
 * `ovf_deploy.remote_ovf_url` is found both when only the URL changes and when `ovf_deploy` appears at once.
 */
export function fieldOf(value: unknown, schemaPath: string, block: string, field: string): unknown {
  if (schemaPath === `${block}.${field}`) return value;
  if (schemaPath === block && typeof value === 'object' && value !== null) return (value as Record<string, unknown>)[field];
  return undefined;
}
