/**
 * Many stacks for the diff engine at scale (the benchmark times the real CLI instead): {@link diffOutputs} over many copies of one
 * synthesized stack with a share of them changed. It times nothing but the diff itself (the caller reads the
 * template from disk), and reports what it compared, so a run that compared the wrong thing shows.
 */
import type { Site } from '../../../policy/model';
import type { StackDocument, TfBlock } from '../../../policy/terraform/stack-document';
import { diffOutputs } from '../../../policy/diff/stack-diff';

/** What one speed check compared and how long it took. */
export interface DiffSpeedResult {
  readonly stacks: number;
  /** Stacks whose head differs from their base. */
  readonly changed: number;
  /** Tenants the diff reported as changed: equal to `changed` when the engine is right. */
  readonly reportedChanged: number;
  readonly milliseconds: number;
}

/** Options of {@link diffSpeedCheck}. */
export interface DiffSpeedOptions {
  /** @default 1000 */
  readonly stacks?: number;
  /** Share of stacks changed in head. @default 0.01 */
  readonly changedShare?: number;
}

/**
 * Diffs `stacks` copies of `template` (renamed `tenant-0000`, ...) against the same copies with every
 * 1/`changedShare`-th one changed: its first VM gets twice the memory and one more tag order (a harmless change
 * and a set reorder, which must not show).
 */
export function diffSpeedCheck(template: StackDocument, sites: readonly Site[], options: DiffSpeedOptions = {}): DiffSpeedResult {
  const n = options.stacks ?? 1000;
  const changedEvery = Math.max(1, Math.round(1 / (options.changedShare ?? 0.01)));
  const base = new Map<string, StackDocument>();
  const head = new Map<string, StackDocument>();
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const name = `tenant-${String(i).padStart(4, '0')}`;
    const doc = { ...template, stack: name };
    base.set(name, doc);
    if (i % changedEvery === 0) {
      head.set(name, withBiggerFirstVm(doc));
      changed++;
    } else head.set(name, doc);
  }
  const start = performance.now();
  const diff = diffOutputs(base, head, sites, { base: 'speed-check base', head: 'speed-check head' });
  const milliseconds = performance.now() - start;
  return { stacks: n, changed, reportedChanged: diff.tenants.filter((t) => t.status !== 'unchanged').length, milliseconds };
}

function withBiggerFirstVm(doc: StackDocument): StackDocument {
  let done = false;
  const resources = doc.resources.map((b): TfBlock => {
    if (done || b.type !== 'vsphere_virtual_machine') return b;
    done = true;
    const tags = Array.isArray(b.values.tags) ? [...b.values.tags].reverse() : b.values.tags;
    return { ...b, values: { ...b.values, memory: Number(b.values.memory ?? 1024) * 2, tags } };
  });
  return { ...doc, resources };
}
