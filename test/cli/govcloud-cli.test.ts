import { execSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledYaml, configWith, tenantYaml } from '../fixtures/config-files';
import { govcloudInProcess } from './run-govcloud';

/**
 * The built `govcloud` command. Its exit codes, `--help` and the first synth run it as a subprocess, the way CI and
 * operators run it; what a subprocess would prove nothing more for (messages, files written, bytes compared) runs
 * the built program in this process ({@link inProcess}). `npm test` builds first; when this file runs alone,
 * `beforeAll` builds only if the CLI is missing.
 */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli', 'govcloud.js');
const BUNDLED = path.join(ROOT, 'config');
const EXAMPLES = ['dsp-ng', 'enclave-analytics', 'igss-analytics', 'lih-research', 'mfin-internal'];

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-cli-test-'));

beforeAll(() => {
  if (!fs.existsSync(CLI)) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
}, 180_000);
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function govcloud(...args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The built program run in this process, its output captured: see `govcloudInProcess`. */
const inProcess = (...args: string[]): Promise<Run> => govcloudInProcess(args);

/** A fresh empty folder; `out` paths inside it do not exist yet. */
function scratch(): string {
  return fs.mkdtempSync(path.join(tmpRoot, 'run-'));
}

/** Every file under `dir`, by path relative to it, with its bytes. */
function snapshotFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function expectSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [file, bytes] of expected) {
    // Compare as text for a readable diff; the equality of lengths and bytes is checked too.
    expect({ file, text: actual.get(file)!.toString('utf8') }).toEqual({ file, text: bytes.toString('utf8') });
    expect(actual.get(file)!.equals(bytes)).toBe(true);
  }
}

/** Nothing named like `out` (the folder itself or a leftover temp/backup beside it) exists in its parent. */
function expectNothingWritten(out: string): void {
  expect(fs.existsSync(out)).toBe(false);
  const base = path.basename(out);
  expect(fs.readdirSync(path.dirname(out)).filter((n) => n.startsWith(base))).toEqual([]);
}

/** A health tenant placed in Germany: health data must stay in Luxembourg (RES-01). */
const HEALTH_IN_DE = tenantYaml({
  name: 'health-in-de',
  description: 'Health records placed in Frankfurt by mistake',
  classification: 'health',
  site: 'research-de-1',
  network: { vlan: 3100, cidr: '10.251.0.0/24' },
});

let first: { out: string; run: Run } | undefined;
/** The bundled config synthesized once by the built CLI, with the defaults: tests read it, or start from a copy. */
function bundledSynth(): { out: string; run: Run } {
  if (!first) {
    const out = path.join(scratch(), 'out');
    first = { out, run: govcloud('synth', '--config', BUNDLED, '--out', out) };
  }
  return first;
}

/** A folder holding a copy of the bundled config's output (`out` inside a fresh folder), as a synth left it. */
function copyOfBundledOutput(): string {
  const { out: from, run } = bundledSynth();
  expect(run.status).toBe(0);
  const out = path.join(scratch(), 'out');
  fs.cpSync(from, out, { recursive: true });
  return out;
}

describe('govcloud CLI (built)', () => {
  describe('synth of the bundled config', () => {
    let out: string;
    let run: Run;
    beforeAll(() => {
      ({ out, run } = bundledSynth());
    });

    it('exits 0 and says how many tenants it synthesized', () => {
      expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
      expect(run.stdout).toContain(`synthesized ${EXAMPLES.length} tenants`);
    });

    it('prints one line per tenant with its site, classification and resource count', () => {
      const expected: Record<string, { site: string; classification: string }> = {
        'dsp-ng': { site: 'ctie-govcloud-1', classification: 'health' },
        'enclave-analytics': { site: 'lu-enclave-1', classification: 'classified' },
        'lih-research': { site: 'research-de-1', classification: 'health-research' },
        'mfin-internal': { site: 'lu-colo-1', classification: 'internal' },
      };
      const lines = run.stdout.split('\n');
      for (const [name, { site, classification }] of Object.entries(expected)) {
        const mine = lines.filter((l) => l.startsWith(`${name} `));
        expect(mine).toHaveLength(1);
        expect(mine[0]).toContain(`site ${site}`);
        expect(mine[0]).toContain(`classification ${classification}`);
        const count = /(\d+) resources/.exec(mine[0]);
        expect(count).not.toBeNull();
        expect(Number(count![1])).toBeGreaterThan(0);
      }
    });

    it('writes one cdk.tf.json per example tenant and a manifest listing them, and nothing else at the top', () => {
      for (const name of EXAMPLES) {
        const file = path.join(out, 'stacks', name, 'cdk.tf.json');
        expect(fs.existsSync(file)).toBe(true);
        expect(() => JSON.parse(fs.readFileSync(file, 'utf8'))).not.toThrow();
      }
      // Beside the tenants, one stack per site in use (its audit devices), and the OpenBao site's audit stanzas.
      // dsp-ng-recovery and site-ctie-govcloud-2: the recovery stack of dsp-ng, and the stack of its recovery site.
      const withSites = [...EXAMPLES, 'dsp-ng-recovery', 'site-ctie-govcloud-1', 'site-ctie-govcloud-2', 'site-lu-colo-1', 'site-lu-enclave-1', 'site-research-de-1'].sort();
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
      expect(Object.keys(manifest.stacks).sort()).toEqual(withSites);
      expect(fs.readdirSync(path.join(out, 'stacks')).sort()).toEqual(withSites);
      expect(fs.readdirSync(path.join(out, 'sites'))).toEqual(['lu-enclave-1']);
    });

    it('puts no secret in the synthesized JSON: no password, user or token attribute and no variable anywhere', () => {
      for (const name of EXAMPLES) {
        const text = fs.readFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), 'utf8');
        const doc = JSON.parse(text) as { provider: { vsphere: Record<string, unknown>[] }; variable?: unknown };
        const found: string[] = [];
        const walk = (o: unknown, at: string): void => {
          if (Array.isArray(o)) o.forEach((v, i) => walk(v, `${at}[${i}]`));
          else if (o && typeof o === 'object') {
            for (const [k, v] of Object.entries(o)) {
              if (/password|^(user|token|secret|secret_id)$/i.test(k)) found.push(`${at}.${k}`);
              walk(v, `${at}.${k}`);
            }
          }
        };
        walk(doc, name);
        expect(found).toEqual([]);
        // The credentials come from VSPHERE_USER / VSPHERE_PASSWORD: Terraform would store a variable's value in a saved plan.
        expect(doc.variable).toBeUndefined();
        expect(doc.provider.vsphere[0]).toHaveProperty('vsphere_server');
      }
    });

    it('gives byte-identical files when the same config is synthesized twice', async () => {
      const again = path.join(scratch(), 'out');
      const second = await inProcess('synth', '--config', BUNDLED, '--out', again);
      expect(second.status).toBe(0);
      const first = snapshotFiles(out);
      expect(first.size).toBeGreaterThanOrEqual(EXAMPLES.length + 1);
      expectSameFiles(snapshotFiles(again), first);
    });
  });

  describe('a tenant that breaks a residency rule', () => {
    const configWithHealthInDe = () => ({ config: configWith({ tenants: { 'health-in-de.yaml': HEALTH_IN_DE } }) });

    it('exits 1 naming RES-01, the tenant, its file and line and the fix, and creates no out dir', () => {
      const { config } = configWithHealthInDe();
      const out = path.join(scratch(), 'out');
      const run = govcloud('synth', '--config', config, '--out', out);
      expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 1 });
      const res01 = run.stderr.split('\n').filter((l) => l.includes('RES-01'));
      expect(res01).toHaveLength(1);
      expect(res01[0]).toContain('health-in-de');
      expect(res01[0]).toContain(`tenants/health-in-de.yaml:${HEALTH_IN_DE.lineOf('site: research-de-1')}`);
      expect(res01[0]).toMatch(/Fix: .*ctie-govcloud-1/);
      expectNothingWritten(out);
    });

    it('refuses the enclave example with NET-01 when its library subscribes to a URL outside the enclave, and writes nothing', async () => {
      const external = bundledYaml('tenants/enclave-analytics.yaml').replace(/subscriptionUrl: \S+/, 'subscriptionUrl: https://templates.vendor-cloud.example.com/lib.json');
      const config = configWith({ tenants: { 'enclave-analytics.yaml': external } });
      const out = path.join(scratch(), 'out');
      const run = await inProcess('synth', '--config', config, '--out', out);
      expect(run.status).toBe(1);
      const net01 = run.stderr.split('\n').filter((l) => l.startsWith('error NET-01'));
      expect(net01).toHaveLength(1);
      expect(net01[0]).toContain(`tenants/enclave-analytics.yaml:${external.lineOf('subscriptionUrl:')}: contentLibrary.subscriptionUrl`);
      expect(net01[0]).toContain('templates.vendor-cloud.example.com');
      expect(net01[0]).toContain('site lu-enclave-1 is air-gapped');
      expectNothingWritten(out);
    });

    it('exits 2 on a library with both a subscription and items, naming the file, line and field', async () => {
      const text = bundledYaml('tenants/enclave-analytics.yaml').replace(/(subscriptionUrl: \S+)/, '$1\n  items:\n    - { name: extra, url: "https://files.enclave.internal/x.ova" }');
      const config = configWith({ tenants: { 'enclave-analytics.yaml': text } });
      const out = path.join(scratch(), 'out');
      const run = await inProcess('synth', '--config', config, '--out', out);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('contentLibrary.items');
      expect(run.stderr).toContain('cannot hold items of its own');
      expectNothingWritten(out);
    });

    it('leaves an out dir from an earlier good synth byte-identical', async () => {
      const out = copyOfBundledOutput();
      const before = snapshotFiles(out);
      const { config } = configWithHealthInDe();
      const run = await inProcess('synth', '--config', config, '--out', out);
      expect(run.status).toBe(1);
      expectSameFiles(snapshotFiles(out), before);
      // No temp or backup folder left beside it.
      expect(fs.readdirSync(path.dirname(out))).toEqual(['out']);
    });
  });

  describe('bad config', () => {
    it('exits 2 on an unknown site, naming the file, line and field, and writes nothing', async () => {
      const text = bundledYaml('tenants/mfin-internal.yaml').replace(/^site: lu-colo-1$/m, 'site: lu-colo-9');
      const config = configWith({ tenants: { 'mfin-internal.yaml': text } });
      const out = path.join(scratch(), 'out');
      const run = await inProcess('synth', '--config', config, '--out', out);
      expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 2 });
      const line = text.lineOf('site: lu-colo-9');
      expect(run.stderr).toMatch(new RegExp(`tenants/mfin-internal\\.yaml:${line}(:\\d+)? site: unknown site "lu-colo-9"`));
      expect(run.stderr).toMatch(/Fix: .*lu-colo-1/);
      expectNothingWritten(out);
    });

    it('exits 2, not with an internal error, on a value the schema refuses (VLAN 0), naming file, line and field', () => {
      const text = bundledYaml('tenants/mfin-internal.yaml').replace(/^  vlan: \d+$/m, '  vlan: 0');
      const config = configWith({ tenants: { 'mfin-internal.yaml': text } });
      const out = path.join(scratch(), 'out');
      const run = govcloud('synth', '--config', config, '--out', out);
      expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 2 });
      expect(run.stderr).toMatch(new RegExp(`tenants/mfin-internal\\.yaml:${text.lineOf('vlan: 0')}(:\\d+)? network\\.vlan: `));
      expectNothingWritten(out);
    });
  });

  describe('bad arguments', () => {
    it('exits 2 on an unknown option of synth and writes nothing', () => {
      const out = path.join(scratch(), 'out');
      const run = govcloud('synth', '--bogus', '--out', out);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('--bogus');
      expectNothingWritten(out);
    });

    it('exits 2 on an unknown command', () => {
      const run = govcloud('frobnicate');
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('frobnicate');
    });

    it('exits 2 on --tenant with a name no tenant has, listing the known names, and writes nothing', async () => {
      const out = path.join(scratch(), 'out');
      const run = await inProcess('synth', '--config', BUNDLED, '--out', out, '--tenant', 'nosuch');
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('nosuch');
      expect(run.stderr).toContain('dsp-ng');
      expectNothingWritten(out);
    });
  });

  describe('synth --jobs', () => {
    it('exits 2 on a --jobs that is not a whole number from 1, naming the option and the fix, and writes nothing', async () => {
      for (const bad of ['0', 'two', '-1', '1.5']) {
        const out = path.join(scratch(), 'out');
        const run = await inProcess('synth', '--config', BUNDLED, '--out', out, `--jobs=${bad}`);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain('--jobs');
        expect(run.stderr).toContain('whole number');
        expectNothingWritten(out);
      }
    });

    it('writes the same stacks with --jobs 1 as with the default', async () => {
      const a = path.join(scratch(), 'out');
      expect((await inProcess('synth', '--config', BUNDLED, '--out', a, '--jobs', '1')).status).toBe(0);
      const { out: b, run } = bundledSynth();
      expect(run.status).toBe(0);
      const read = (dir: string) => fs.readFileSync(path.join(dir, 'stacks', 'dsp-ng', 'cdk.tf.json'), 'utf8');
      expect(read(a)).toBe(read(b));
    });
  });

  describe('synth --tenant after a full synth', () => {
    it('rewrites only that stack and keeps the other stacks and the manifest', async () => {
      const out = copyOfBundledOutput();
      const full = snapshotFiles(out);
      // Mark two stacks: the selected one must come back as synthesized, the other must be left alone.
      const dspFile = path.join('stacks', 'dsp-ng', 'cdk.tf.json');
      const mfinFile = path.join('stacks', 'mfin-internal', 'cdk.tf.json');
      fs.writeFileSync(path.join(out, dspFile), '{"tampered": true}\n');
      fs.writeFileSync(path.join(out, mfinFile), '{"kept": true}\n');

      const run = await inProcess('synth', '--config', BUNDLED, '--out', out, '--tenant', 'dsp-ng');
      expect(run.status).toBe(0);
      // The tenant, and the stack of its site (written again, the same bytes).
      expect(run.stdout.split('\n').filter((l) => /^\S+ +site /.test(l)).map((l) => l.split(' ')[0])).toEqual(['dsp-ng', 'dsp-ng-recovery', 'site-ctie-govcloud-1', 'site-ctie-govcloud-2']);
      expect(run.stdout).toContain('synthesized 1 tenant ');

      const after = snapshotFiles(out);
      const expected = new Map(full);
      expected.set(mfinFile, Buffer.from('{"kept": true}\n'));
      expectSameFiles(after, expected);
    });
  });

  it('exits 0 on --help and lists the synth command', () => {
    const run = govcloud('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\s+synth\b/m);
  });
});
