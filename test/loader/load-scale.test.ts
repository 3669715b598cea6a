import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../loader';
import { BUNDLED_CONFIG, DEFAULTED_SITES, tenantYaml } from '../fixtures/config-files';

/**
 * Loading grows linearly with the tenant count: the checks across tenants (unique names, VLANs and networks per
 * site) are look-ups, not scans of the tenants seen so far. The bound is a ratio of time per tenant measured in
 * this one test, not a wall time, so a busy machine slows both loads alike.
 */
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

/** Milliseconds per tenant of loading `dir`, which must hold `count` tenants. */
function msPerTenant(dir: string, count: number): number {
  const start = process.hrtime.bigint();
  const config = loadConfig(dir);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  expect(config.tenants).toHaveLength(count);
  return ms / count;
}

describe('loading a large config', () => {
  it(`takes at most ${MAX_PER_TENANT_RATIO} times as long per tenant at ${LARGE.toLocaleString('en-US')} tenants as at ${SMALL.toLocaleString('en-US')}`, () => {
    const small = configOf(SMALL);
    const large = configOf(LARGE);
    loadConfig(BUNDLED_CONFIG); // warm-up: compiles the schemas
    const atSmall = Math.min(msPerTenant(small, SMALL), msPerTenant(small, SMALL));
    const atLarge = msPerTenant(large, LARGE);
    expect(atLarge / atSmall).toBeLessThanOrEqual(MAX_PER_TENANT_RATIO);
  });
});
