import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUNDLED_CONFIG, DEFAULTED_SITES, tenantYaml } from '../fixtures/config-files';

/**
 * Loading grows linearly with the tenant count: the checks across tenants (unique names, VLANs and networks per
 * site) are look-ups, not scans of the tenants seen so far. The bound is a ratio of time per tenant measured in
 * this one test, not a wall time, so a busy machine slows both loads alike. The loads run in a Node process of
 * their own on the built loader (`dist/`, which `npm test` builds first): as the CLI runs, and without jest's
 * sandbox, which slows a loop like this by about 40%.
 */
const ROOT = path.resolve(__dirname, '../..');
const SMALL = 2_000;
const LARGE = 20_000;
/** Time per tenant at {@link LARGE} over that at {@link SMALL}: 1 when linear; a quadratic check gives about 5. */
const MAX_PER_TENANT_RATIO = 3;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'load-scale-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * A config folder of `count` valid tenants spread over every bundled site, the k-th tenant of a site on VLAN
 * k+1 and network 172.(16 + k div 256).(k mod 256).0/24, so no two clash and every one is loaded.
 */
function configOf(count: number): string {
  const dir = path.join(scratch, String(count));
  fs.mkdirSync(path.join(dir, 'tenants'), { recursive: true });
  for (const file of ['sites.yaml', 'classifications.yaml']) fs.copyFileSync(path.join(BUNDLED_CONFIG, file), path.join(dir, file));
  // One text per site, with placeholders replaced per tenant: stringifying 20,000 documents would take longer than loading them.
  const texts = DEFAULTED_SITES.map((site) => tenantYaml({ name: 'NAME', site, network: { vlan: 4094, cidr: 'CIDR' } }).text);
  for (let i = 0; i < count; i++) {
    const k = Math.floor(i / texts.length);
    const name = `t${String(i).padStart(5, '0')}`;
    const text = texts[i % texts.length].replace('NAME', name).replace('vlan: 4094', `vlan: ${k + 1}`).replace('CIDR', `172.${16 + Math.floor(k / 256)}.${k % 256}.0/24`);
    fs.writeFileSync(path.join(dir, 'tenants', `${name}.yaml`), text);
  }
  return dir;
}

/**
 * Milliseconds per tenant of loading each of `loads` (a folder and the tenants it must hold), in that order, in one
 * Node process, after a warm-up load of the bundled config (which compiles what is compiled once).
 */
function msPerTenant(loads: readonly (readonly [string, number])[]): number[] {
  const script = `
    const { loadConfig } = require(${JSON.stringify(path.join(ROOT, 'dist/loader/index.js'))});
    loadConfig(${JSON.stringify(BUNDLED_CONFIG)});
    const ms = ${JSON.stringify(loads)}.map(([dir, count]) => {
      const start = process.hrtime.bigint();
      const config = loadConfig(dir);
      const took = Number(process.hrtime.bigint() - start) / 1e6;
      if (config.tenants.length !== count) throw new Error(dir + ' loaded ' + config.tenants.length + ' tenants, not ' + count);
      return took / count;
    });
    console.log(JSON.stringify(ms));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 300_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as number[];
}

describe('loading a large config', () => {
  it(`takes at most ${MAX_PER_TENANT_RATIO} times as long per tenant at ${LARGE.toLocaleString('en-US')} tenants as at ${SMALL.toLocaleString('en-US')}`, () => {
    const small = configOf(SMALL);
    const large = configOf(LARGE);
    const [first, second, atLarge] = msPerTenant([[small, SMALL], [small, SMALL], [large, LARGE]]);
    expect(atLarge / Math.min(first, second)).toBeLessThanOrEqual(MAX_PER_TENANT_RATIO);
  });
});
