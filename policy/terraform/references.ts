import type { StackDocument, TfBlock } from './stack-document';
import { blocksByAddress } from './stack-document';

/**
 * A whole-string reference: the block's address (with the module instance path a plan gives a block inside a module,
 * `module.tenant.`), an optional instance key (`[0]`, `["a"]`), then an attribute path.
 */
const REFERENCE = /\$\{((?:module\.[\w-]+(?:\[(?:\d+|"[^"\]]*")\])?\.)*(?:data\.)?[a-zA-Z0-9_]+\.[a-zA-Z0-9_-]+)(\[(?:\d+|"[^"\]]*")\])?(?:\.[a-zA-Z0-9_.\[\]"*-]+)?\}/g;

/** One reference: the address of the block, and the instance key written after it, if any. */
interface Reference {
  readonly address: string;
  /** `[0]` or `["a"]`: a plan names each instance of a counted or keyed block so; synthesized JSON names the block. */
  readonly instance?: string;
}

/**
 * Addresses referenced in a value: `${data.vsphere_datacenter.dc.id}` gives `data.vsphere_datacenter.dc`, and
 * `${vsphere_tag.t[0].id}` (a block with `count` or `for_each`) gives `vsphere_tag.t`.
 */
export function referencesIn(value: unknown): string[] {
  return referenceTargets(value).map((r) => r.address);
}

function referenceTargets(value: unknown): Reference[] {
  const found: Reference[] = [];
  collectReferences(value, found);
  return found;
}

/** Adds the references of `value` to `found`, in document order; strings without `${` are skipped unscanned. */
function collectReferences(value: unknown, found: Reference[]): void {
  if (typeof value === 'string') {
    if (value.includes('${')) for (const m of value.matchAll(REFERENCE)) found.push(m[2] === undefined ? { address: m[1] } : { address: m[1], instance: m[2] });
  } else if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) collectReferences(v, found);
  }
}

/**
 * Follows references from `value` through the document until it reaches blocks of `type`, and returns them.
 * A VM's `resource_pool_id` leads to a resource pool, whose parent leads to a compute cluster data source,
 * whose `datacenter_id` leads to `data.vsphere_datacenter`: that is how a rule learns where a VM lands.
 */
export class ReferenceResolver {
  private readonly blocks: Map<string, TfBlock>;

  /** The references in each block's values, found once per block (rules follow the same blocks again). */
  private readonly referencesOf = new Map<TfBlock, readonly Reference[]>();

  constructor(doc: StackDocument) {
    this.blocks = blocksByAddress(doc);
  }

  block(address: string): TfBlock | undefined {
    return this.blocks.get(address);
  }

  /** Each reference in `value`, in document order, as written (instance key included), with the block it names if any. */
  referenced(value: unknown): { readonly address: string; readonly block?: TfBlock }[] {
    return referenceTargets(value).map((r) => ({ address: r.address + (r.instance ?? ''), block: this.blockOf(r) }));
  }

  /** Every block of `type` reachable from `value`, breadth first, each once. */
  reach(value: unknown, type: string): TfBlock[] {
    const found: TfBlock[] = [];
    const seen = new Set<TfBlock>();
    let frontier = referenceTargets(value);
    while (frontier.length) {
      const next: Reference[] = [];
      for (const ref of frontier) {
        const b = this.blockOf(ref);
        if (!b || seen.has(b)) continue;
        seen.add(b);
        if (b.type === type) found.push(b);
        else next.push(...this.referencesOfBlock(b));
      }
      frontier = next;
    }
    return found;
  }

  /** The block a reference names: in a plan the instance (`t.n[0]`), in synthesized JSON the block itself (`t.n`). */
  private blockOf(ref: Reference): TfBlock | undefined {
    return (ref.instance === undefined ? undefined : this.blocks.get(ref.address + ref.instance)) ?? this.blocks.get(ref.address);
  }

  private referencesOfBlock(b: TfBlock): readonly Reference[] {
    let refs = this.referencesOf.get(b);
    if (!refs) this.referencesOf.set(b, (refs = referenceTargets(b.values)));
    return refs;
  }

  /** The literal `attribute` (default `name`) of the blocks of `type` that `value` leads to. */
  literals(value: unknown, type: string, attribute = 'name'): string[] {
    return this.reach(value, type)
      .map((b) => b.values[attribute])
      .filter((v): v is string => typeof v === 'string' && !v.includes('${'));
  }
}
