import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatProblem, loadConfig } from '../../loader';
import { synthesizeTenants, TenantsRefused } from '../../stacks/synth';
import { BUNDLED_CONFIG, bundledYaml, configWith, type YamlText } from '../fixtures/config-files';
import { problemsOf } from './config-problems';

/**
 * Every case copies the bundled `config/` and rewrites the `stateBackend` of the first site, ctie-govcloud-1
 * (domain govcloud.ctie.lu, tenant dsp-ng), so each test shows exactly the text that is wrong.
 */
const LOCAL_LINE = '    stateBackend: { type: local }';
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'state-backend-config-test-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

/** A copy of the bundled config whose first site's `stateBackend` line is replaced by `lines`; returns the folder, sites file and text. */
function withFirstSiteBackend(lines: string[]): { dir: string; file: string; text: YamlText } {
  // The line after ctie-govcloud-1's audit collector, which no other site has.
  const before = '      auditCollector: siem.govcloud.ctie.lu:6514\n';
  const text = bundledYaml('sites.yaml').replace(`${before}${LOCAL_LINE}\n`, `${before}${lines.map((l) => `    ${l}\n`).join('')}`);
  if (text.linesOf('  - id: ')[0] !== text.lineOf('  - id: ctie-govcloud-1')) throw new Error('test setup: ctie-govcloud-1 must be the first site');
  const dir = configWith({ sites: text });
  return { dir, file: path.join(dir, 'sites.yaml'), text };
}

const PG_LINES = ['stateBackend:', '  type: pg', '  host: tfstate-db.govcloud.ctie.lu', '  database: terraform'];
const S3_LINES = ['stateBackend:', '  type: s3', '  endpoint: https://objects.govcloud.ctie.lu:9000', '  bucket: govcloud-tfstate', '  region: lu-1'];

describe('stateBackend in the site catalogue', () => {
  it('keeps every bundled site on local state, remote state not required', () => {
    for (const site of loadConfig(BUNDLED_CONFIG).sites.values()) {
      expect(site.stateBackend).toEqual({ type: 'local' });
      expect(site.remoteStateRequired).toBe(false);
    }
  });

  it('fills the pg defaults: port 5432, sslmode verify-full, schema prefix govcloud_', () => {
    const { dir } = withFirstSiteBackend(PG_LINES);
    expect(loadConfig(dir).sites.get('ctie-govcloud-1')!.stateBackend).toEqual({
      type: 'pg',
      host: 'tfstate-db.govcloud.ctie.lu',
      port: 5432,
      database: 'terraform',
      sslmode: 'verify-full',
      schemaPrefix: 'govcloud_',
      encryptedAtRest: false,
    });
  });

  it('fills the s3 default key prefix tenants/', () => {
    const { dir } = withFirstSiteBackend(S3_LINES);
    expect(loadConfig(dir).sites.get('ctie-govcloud-1')!.stateBackend).toEqual({
      type: 's3',
      endpoint: 'https://objects.govcloud.ctie.lu:9000',
      bucket: 'govcloud-tfstate',
      region: 'lu-1',
      keyPrefix: 'tenants/',
      encryptedAtRest: false,
    });
  });

  it('refuses a pg host outside the site domains, naming file, line, field and fix', () => {
    const { dir, file, text } = withFirstSiteBackend([...PG_LINES.slice(0, 2), '  host: db.fra1.forschungscloud.example', '  database: terraform']);
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file, line: text.lineOf('host: db.fra1'), field: 'sites[0].stateBackend.host' });
    expect(formatProblem(p)).toContain(
      'database host db.fra1.forschungscloud.example is not under the domains of site ctie-govcloud-1 (govcloud.ctie.lu): tenant state would leave the site. Fix: use a host of site ctie-govcloud-1 for the database, under govcloud.ctie.lu',
    );
  });

  it('refuses an s3 endpoint whose host is outside the site domains', () => {
    const { dir, file, text } = withFirstSiteBackend([...S3_LINES.slice(0, 2), '  endpoint: https://s3.eu-west-1.amazonaws.com', ...S3_LINES.slice(3)]);
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file, line: text.lineOf('amazonaws'), field: 'sites[0].stateBackend.endpoint' });
    expect(p.message).toBe('object store host s3.eu-west-1.amazonaws.com is not under the domains of site ctie-govcloud-1 (govcloud.ctie.lu): tenant state would leave the site');
  });

  it('refuses an s3 endpoint that is not https', () => {
    const { dir, file, text } = withFirstSiteBackend([...S3_LINES.slice(0, 2), '  endpoint: http://objects.govcloud.ctie.lu', ...S3_LINES.slice(3)]);
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file, line: text.lineOf('http://objects'), field: 'sites[0].stateBackend.endpoint' });
    expect(p.message).toContain('does not match ^https://');
    expect(p.fix).toContain('https:// URL of the object store');
  });

  it('refuses an sslmode that lets state cross the network in clear', () => {
    const { dir, file, text } = withFirstSiteBackend([...PG_LINES, '  sslmode: disable']);
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file, line: text.lineOf('sslmode: disable'), field: 'sites[0].stateBackend.sslmode' });
    expect(p.fix).toBe('use one of: require, verify-ca, verify-full');
  });

  it('refuses a pg backend without its database, and an s3 backend without bucket and region', () => {
    // A sites.yaml the schema refuses registers no site, so the tenants' sites are reported unknown too.
    const ofSites = (dir: string) => problemsOf(dir).filter((p) => p.field.startsWith('sites')).map((p) => `${p.field}: ${p.message}`);
    expect(ofSites(withFirstSiteBackend(PG_LINES.slice(0, 3)).dir)).toEqual(['sites[0].stateBackend.database: missing required field "database"']);
    expect(ofSites(withFirstSiteBackend(S3_LINES.slice(0, 3)).dir)).toEqual([
      'sites[0].stateBackend.bucket: missing required field "bucket"',
      'sites[0].stateBackend.region: missing required field "region"',
    ]);
  });

  it('refuses a field of another backend type and says which type it belongs to', () => {
    const { dir, file, text } = withFirstSiteBackend([...PG_LINES, '  bucket: tfstate-on-pg']);
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file, line: text.lineOf('bucket: tfstate-on-pg'), field: 'sites[0].stateBackend.bucket' });
    expect(formatProblem(p)).toContain('field "bucket" does not apply to a pg backend (it belongs to type s3). Fix: remove it, or set type to s3');
  });

  it('refuses, at synth, the tenants of a site that requires remote state but keeps it local, and writes nothing', () => {
    const { dir } = withFirstSiteBackend([LOCAL_LINE.trim(), 'remoteStateRequired: true']);
    const out = path.join(tmpRoot, 'out-refused');
    let refused: TenantsRefused | undefined;
    try {
      synthesizeTenants(loadConfig(dir), { outDir: out });
    } catch (e) {
      if (!(e instanceof TenantsRefused)) throw e;
      refused = e;
    }
    expect(refused?.findings.map((f) => [f.ruleId, f.tenant, f.severity])).toEqual([
      ['STA-01', 'dsp-ng', 'error'],
      ['STA-01', 'igss-analytics', 'error'],
    ]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('synthesizes the pg backend of the site into its tenants stacks and finds nothing wrong with it', () => {
    const { dir } = withFirstSiteBackend([...PG_LINES, '  encryptedAtRest: true', 'remoteStateRequired: true']);
    const out = path.join(tmpRoot, 'out-pg');
    const result = synthesizeTenants(loadConfig(dir), { outDir: out });
    // The stack of dsp-ng itself (its recovery stack keeps its state where ctie-govcloud-2 says).
    expect(result.report.stacks.find((s) => s.stack === 'dsp-ng')!.findings).toEqual([]);
    const stack = JSON.parse(fs.readFileSync(path.join(out, 'stacks', 'dsp-ng', 'cdk.tf.json'), 'utf8'));
    expect(stack.terraform.backend).toEqual({
      pg: { conn_str: 'postgres://tfstate-db.govcloud.ctie.lu:5432/terraform?sslmode=verify-full', schema_name: 'govcloud_dsp_ng' },
    });
  });
});
