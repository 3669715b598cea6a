/**
 * Writes a config folder of generated tenants for the benchmark, laid out like `config/`: `sites.yaml` and
 * `classifications.yaml` copied from the repository, and one `tenants/<name>.yaml` per tenant.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../loader/load-config';
import { allowedDatacenters } from '../policy/tenant-rules/allowed-datacenters';

/** A kind of tenant the generator cycles through: a classification on a site that allows it. */
interface TenantProfile {
  readonly classification: string;
  readonly site: string;
  readonly organisation: string;
  /** The tenant's VM groups and keys as YAML lines, for the tenant at `index` within its site. */
  body(index: number): string[];
}

/**
 * Four allowed placements, as in `config/tenants/`. Template names exist at each site (sites.yaml
 * `vsphere.templates`). Shapes vary with the index so tenants differ in VM count, disks and templates.
 */
const PROFILES: readonly TenantProfile[] = [
  {
    classification: 'health',
    site: 'ctie-govcloud-1',
    organisation: 'Agence eSante',
    body: (i) => [
      'vms:',
      '  - name: app',
      `    count: ${1 + (i % 3)}`,
      '    cpus: 4',
      '    memoryMb: 16384',
      '    diskGb: 80',
      `    template: ${i % 2 ? 'debian12-cis' : 'rhel9-cis'}`,
      '  - name: db',
      '    count: 2',
      '    cpus: 8',
      '    memoryMb: 65536',
      '    diskGb: 80',
      '    dataDisksGb: [500, 200]',
      '    template: rhel9-cis',
      'keys:',
      '  rotationDays: 90',
      // Health requires a recovery site (AVL-03): the second State datacentre, cold.
      'recovery: { site: ctie-govcloud-2, mode: cold }',
    ],
  },
  {
    classification: 'health-research',
    site: 'research-de-1',
    organisation: 'Luxembourg Institute of Health',
    body: (i) => [
      'vms:',
      '  - name: spe',
      `    count: ${1 + (i % 2)}`,
      '    cpus: 8',
      '    memoryMb: 32768',
      '    diskGb: 100',
      '    dataDisksGb: [2000]',
      `    template: ${i % 2 ? 'rhel9-cis' : 'ubuntu2404-cis'}`,
      'keys:',
      '  rotationDays: 90',
    ],
  },
  {
    classification: 'internal',
    site: 'lu-colo-1',
    organisation: 'Ministere des Finances',
    body: (i) => [
      'vms:',
      '  - name: web',
      '    count: 2',
      '    cpus: 2',
      '    memoryMb: 8192',
      '    diskGb: 60',
      `    template: ${i % 2 ? 'rhel9-cis' : 'debian12-cis'}`,
      // Internal data allows deletable keys; half the tenants use it, half take the defaults.
      ...(i % 2 ? ['keys:', '  rotationDays: 180', '  deletionAllowed: true'] : []),
    ],
  },
  {
    classification: 'classified',
    site: 'lu-enclave-1',
    organisation: 'Haut-Commissariat a la Protection nationale',
    body: (i) => [
      'vms:',
      '  - name: compute',
      `    count: ${2 + (i % 2)}`,
      '    cpus: 16',
      '    memoryMb: 131072',
      '    diskGb: 100',
      '    dataDisksGb: [1000]',
      '    template: rhel9-hardened',
      'keys:',
      '  rotationDays: 30',
    ],
  },
];

/** Highest 802.1Q VLAN id; VLANs are unique per site, so each site takes at most this many tenants. */
const MAX_VLAN = 4094;

/** The largest tenant count {@link generateTenantConfig} accepts: every profile's site full of VLANs. */
export const MAX_GENERATED_TENANTS = PROFILES.length * MAX_VLAN;

/** What {@link generateTenantConfig} wrote. */
export interface GeneratedConfig {
  /** The config folder, to pass as `--config`. */
  readonly dir: string;
  /** Tenant names, sorted as the toolkit sorts them. */
  readonly tenants: readonly string[];
}

/**
 * Writes `dir` (created if missing) as a config folder with `count` generated tenants spread round-robin over
 * four allowed classification/site pairs. Within a site, the k-th tenant (k from 0) gets VLAN k+1 and network
 * `10.<k div 256>.<k mod 256>.0/24`, so VLANs are unique and networks disjoint per site.
 *
 * @param repoConfigDir - the repository's `config/` folder, whose `sites.yaml` and `classifications.yaml` are copied
 * @throws RangeError if `count` is not an integer from 1 to {@link MAX_GENERATED_TENANTS}
 */
export function generateTenantConfig(dir: string, count: number, repoConfigDir: string): GeneratedConfig {
  if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATED_TENANTS) {
    throw new RangeError(`tenant count ${count} is out of range; use 1 to ${MAX_GENERATED_TENANTS} (${MAX_VLAN} VLANs on each of ${PROFILES.length} sites)`);
  }
  const tenantsDir = path.join(dir, 'tenants');
  fs.mkdirSync(tenantsDir, { recursive: true });
  for (const file of ['sites.yaml', 'classifications.yaml']) {
    fs.copyFileSync(path.join(repoConfigDir, file), path.join(dir, file));
  }
  writeAllowedDatacenters(dir);
  const width = String(count).length;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const profile = PROFILES[i % PROFILES.length];
    const k = Math.floor(i / PROFILES.length);
    const name = `t${String(i).padStart(width, '0')}-${profile.classification}`;
    const lines = [
      `# Generated by bench/generate-tenants.ts: tenant ${i} of ${count}.`,
      `name: ${name}`,
      `description: Generated benchmark tenant ${i} (${profile.classification} on ${profile.site})`,
      `classification: ${profile.classification}`,
      `site: ${profile.site}`,
      'owner:',
      `  organisation: ${profile.organisation}`,
      `  contact: ops-${i}@bench.lu.example`,
      'network:',
      `  vlan: ${k + 1}`,
      `  cidr: 10.${Math.floor(k / 256)}.${k % 256}.0/24`,
      ...profile.body(k),
    ];
    fs.writeFileSync(path.join(tenantsDir, `${name}.yaml`), `${lines.join('\n')}\n`);
    names.push(name);
  }
  return { dir, tenants: names.sort() };
}

/**
 * The toolkit puts a residency precondition on every VM and pool listing the datacenters each classification
 * allows. The plain cdktf program must build the same JSON without the toolkit's policy code, so the decision
 * is computed here, before any timing, into `allowed-datacenters.json` beside the config (the toolkit's loader
 * ignores the file).
 */
function writeAllowedDatacenters(dir: string): void {
  const catalogue = loadConfig(dir);
  const sites = [...catalogue.sites.values()];
  const allowed: Record<string, Record<string, string[]>> = {};
  for (const c of catalogue.classifications.values()) {
    allowed[c.id] = {};
    for (const site of sites) allowed[c.id][site.id] = allowedDatacenters({ tenant: '', site, classification: c, catalogue: sites });
  }
  fs.writeFileSync(path.join(dir, 'allowed-datacenters.json'), JSON.stringify(allowed));
}

if (require.main === module) {
  const [count, dir] = process.argv.slice(2);
  if (!count || !dir) {
    console.error('usage: node dist/bench/generate-tenants.js COUNT DIR');
    process.exit(2);
  }
  const out = generateTenantConfig(dir, Number(count), path.resolve(__dirname, '../../config'));
  console.log(`wrote ${out.tenants.length} tenants into ${out.dir}`);
}
