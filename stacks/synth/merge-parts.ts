import * as fs from 'fs';
import * as path from 'path';
import type { LoadedTenant } from '../../loader/load-config';
import type { CheckReport } from '../../policy/report/check-report';
import { readManifest, writeManifest, type Manifest } from './cdktf-manifest';
import type { BuiltStacks } from './synth-types';

/** At most this many tenants share one cdktf App, so memory stays bounded whatever the tenant count. */
export const CHUNK_TENANTS = 200;

/** Splits `tenants` into `n` or more chunks of at most `most` (by default {@link CHUNK_TENANTS}), in order. */
export function chunksOf<T>(tenants: readonly T[], n = 1, most = CHUNK_TENANTS): T[][] {
  const count = Math.max(n, Math.ceil(tenants.length / most));
  const size = Math.max(1, Math.ceil(tenants.length / count));
  const out: T[][] = [];
  for (let i = 0; i < tenants.length; i += size) out.push(tenants.slice(i, i + size));
  return out;
}

/**
 * Moves the stacks of every part folder into `dir` and writes one `manifest.json` for them all, as cdktf writes
 * it; the reports are joined in the order a single check of `dir` would give (stacks by name).
 */
export function mergeParts(dir: string, parts: readonly { dir: string; built: BuiltStacks }[], order: readonly LoadedTenant[]): BuiltStacks {
  fs.mkdirSync(path.join(dir, 'stacks'), { recursive: true });
  let manifest: Manifest | undefined;
  for (const part of parts) {
    for (const name of fs.readdirSync(path.join(part.dir, 'stacks'))) fs.renameSync(path.join(part.dir, 'stacks', name), path.join(dir, 'stacks', name));
    const m = readManifest(part.dir)!;
    manifest = manifest ? { ...manifest, stacks: { ...manifest.stacks, ...m.stacks } } : m;
    fs.rmSync(part.dir, { recursive: true, force: true });
  }
  if (manifest) writeManifest(dir, manifest);
  const position = new Map(order.map((t, i) => [t.spec.name, i]));
  // A recovery stack right after its tenant's.
  const at = (t: { name: string; recoveryOf?: string }) => position.get(t.recoveryOf ?? t.name)! * 2 + (t.recoveryOf ? 1 : 0);
  const tenants = parts.flatMap((p) => p.built.tenants).sort((a, b) => at(a) - at(b));
  return { tenants, report: mergeReports(parts.map((p) => p.built.report)) };
}

/** One report of several checks of disjoint stacks, equal to the report of one check of them all. */
function mergeReports(reports: readonly CheckReport[]): CheckReport {
  const byName = (a: { stack: string }, b: { stack: string }) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0);
  const stacks = reports.flatMap((r) => r.stacks).sort(byName);
  // Once per tenant: a tenant's recovery stack shares its suppressions.
  const suppressions = [...new Set(stacks.map((s) => s.tenant))].flatMap((tenant) => reports.flatMap((r) => r.suppressions.filter((x) => x.tenant === tenant)));
  return {
    ...reports[0],
    stacks,
    suppressions,
    unexamined: [...new Set(stacks.flatMap((s) => s.unexamined))].sort(),
  };
}
