import type { StackDocument, TfBlock } from './stack-document';
import { blocksByAddress } from './stack-document';

/** A whole-string reference: the block's address, an optional instance key (`[0]`, `["a"]`), an attribute path. */
const REFERENCE = /\$\{((?:data\.)?[a-zA-Z0-9_]+\.[a-zA-Z0-9_-]+)(?:\[(?:\d+|"[^"\]]*")\])?(?:\.[a-zA-Z0-9_.\[\]"*-]+)?\}/g;

/**
 * Addresses referenced in a value: `${data.vsphere_datacenter.dc.id}` gives `data.vsphere_datacenter.dc`, and
 * `${vsphere_tag.t[0].id}` (a block with `count` or `for_each`) gives `vsphere_tag.t`.
 */
export function referencesIn(value: unknown): string[] {
  const found: string[] = [];
  collectReferences(value, found);
  return found;
}

/** Adds the addresses `value` references to `found`, in document order; strings without `${` are skipped unscanned. */
function collectReferences(value: unknown, found: string[]): void {
  if (typeof value === 'string') {
    if (value.includes('${')) for (const m of value.matchAll(REFERENCE)) found.push(m[1]);
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

  /** The addresses each block's values reference, found once per block (rules follow the same blocks again). */
  private readonly referencesOf = new Map<TfBlock, readonly string[]>();

  constructor(doc: StackDocument) {
    this.blocks = blocksByAddress(doc);
  }

  block(address: string): TfBlock | undefined {
    return this.blocks.get(address);
  }

  /** Every block of `type` reachable from `value`, breadth first, each once. */
  reach(value: unknown, type: string): TfBlock[] {
    const found: TfBlock[] = [];
    const seen = new Set<string>();
    let frontier = referencesIn(value);
    while (frontier.length) {
      const next: string[] = [];
      for (const address of frontier) {
        if (seen.has(address)) continue;
        seen.add(address);
        const b = this.blocks.get(address);
        if (!b) continue;
        if (b.type === type) found.push(b);
        else next.push(...this.referencesOfBlock(b));
      }
      frontier = next;
    }
    return found;
  }

  private referencesOfBlock(b: TfBlock): readonly string[] {
    let refs = this.referencesOf.get(b);
    if (!refs) this.referencesOf.set(b, (refs = referencesIn(b.values)));
    return refs;
  }

  /** The literal `attribute` (default `name`) of the blocks of `type` that `value` leads to. */
  literals(value: unknown, type: string, attribute = 'name'): string[] {
    return this.reach(value, type)
      .map((b) => b.values[attribute])
      .filter((v): v is string => typeof v === 'string' && !v.includes('${'));
  }
}
