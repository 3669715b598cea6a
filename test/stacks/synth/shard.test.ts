import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inShard, parseShard } from '../../../stacks/synth/shard';
import { UsageError } from '../../../loader/usage-error';
import { loadConfig } from '../../../loader/load-config';
import { synthesizeTenants } from '../../../stacks/synth';

const names = Array.from({ length: 1000 }, (_, i) => `tenant-${i}`);
const sharesOf = (n: number) => Array.from({ length: n }, (_, i) => names.filter((t) => inShard(t, { index: i + 1, count: n })));

describe('shards', () => {
  it('parse I/N and refuse anything else, naming the fix', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['0/3', '4/3', '1/0', '1-3', 'x', '']) {
      expect(() => parseShard(bad)).toThrow(UsageError);
      expect(() => parseShard(bad)).toThrow(/1 <= I <= N/);
    }
  });

  it('put every tenant in exactly one shard', () => {
    for (const n of [1, 2, 3, 8]) {
      const shares = sharesOf(n);
      expect(shares.flat().sort()).toEqual([...names].sort());
    }
  });

  it('keep a tenant in the same shard whatever other tenants exist', () => {
    const before = sharesOf(4);
    const shard = before.findIndex((s) => s.includes('tenant-42'));
    // The decision reads only the name: same answer computed alone, in any order.
    expect(inShard('tenant-42', { index: shard + 1, count: 4 })).toBe(true);
    expect(sharesOf(4)).toEqual(before);
  });

  it('are balanced within 20% for 1,000 tenants in 8 shards', () => {
    for (const share of sharesOf(8)) expect(Math.abs(share.length - 125)).toBeLessThan(25);
  });

  it('synthesize only their tenants, and an empty shard writes no stack', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shards-'));
    try {
      const config = loadConfig('config');
      const all = config.tenants.map((t) => t.spec.name);
      const written: string[] = [];
      for (let i = 1; i <= 3; i++) {
        const mine = all.filter((t) => inShard(t, { index: i, count: 3 }));
        const out = path.join(root, `shard-${i}`);
        synthesizeTenants(config, { outDir: out, tenants: mine });
        const stacks = fs.readdirSync(path.join(out, 'stacks')).sort();
        // The shard's tenants with their recovery stacks, and the stacks of their sites and recovery sites (none for an
        // empty shard).
        const specs = config.tenants.filter((t) => mine.includes(t.spec.name)).map((t) => t.spec);
        const recoveries = specs.filter((t) => t.recovery).map((t) => `${t.name}-recovery`);
        const sites = [...new Set(specs.flatMap((t) => [t.site, ...(t.recovery ? [t.recovery.site] : [])]).map((id) => `site-${id}`))];
        expect(stacks).toEqual([...mine, ...recoveries, ...sites].sort());
        written.push(...stacks.filter((s) => !s.startsWith('site-') && !s.endsWith('-recovery')));
      }
      expect(written.sort()).toEqual([...all].sort());
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
