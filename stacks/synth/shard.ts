import { createHash } from 'crypto';
import { UsageError } from '../../loader/usage-error';

/** One share of the tenants: shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N); anything else is bad arguments naming the fix. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError([{ file: 'arguments', field: '--shard', message: `"${text}" is not a shard`, fix: 'write I/N with 1 <= I <= N, e.g. --shard 2/8' }]);
  }
  return { index, count };
}

/**
 * Whether `tenant` belongs to `shard`. The share is decided by a hash of the tenant's name alone, so a tenant
 * always lands in the same shard for the same N whatever other tenants exist, and shares are balanced in
 * expectation (SHA-256 is uniform).
 */
export function inShard(tenant: string, shard: Shard): boolean {
  const h = createHash('sha256').update(tenant).digest().readUInt32BE(0);
  return h % shard.count === shard.index - 1;
}
