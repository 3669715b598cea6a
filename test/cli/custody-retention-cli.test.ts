import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, ROOT, govcloudInProcess } from './run-govcloud';
import { BUNDLED_CONFIG, bundledYaml, configWith, type YamlText } from '../fixtures/config-files';

/**
 * Issue 12, cases (5) and (7), as CI sees them: `govcloud synth` exited 0 on a health tenant whose keys were held
 * by a foreign provider's managed Vault, and on a site that keeps audit logs for less than health requires. It now
 * exits 1 with the rule, and writes nothing; the example catalogue still exits 0.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'custody-retention-cli-'));

beforeAll(async () => {
  if (!fs.existsSync(CLI)) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const synth = async (config: string, name: string) => {
  const out = path.join(tmp, name);
  return { out, run: await govcloudInProcess(['synth', '--config', config, '--out', out]) };
};

describe('govcloud synth on custody and retention', () => {
  it('exits 0 on the example catalogue', async () => {
    expect((await synth(BUNDLED_CONFIG, 'bundled')).run).toMatchObject({ status: 0 });
  });

  it.each<[string, (sites: YamlText) => YamlText, string]>([
    ['(5) a managed Vault of a foreign provider', (t) => t.replace('address: https://vault.govcloud.ctie.lu:8200', 'address: https://govcloud-lu.vault.cloud.example:8200'), 'error RES-14 tenant dsp-ng'],
    ['(7) audit logs kept one year for health', (t) => t.replace('auditRetentionDays: 1096     # days the collector keeps', 'auditRetentionDays: 365     # days the collector keeps'), 'error KEY-10 tenant dsp-ng'],
  ])('exits 1 on %s, naming the rule, and writes nothing', async (_case, edit, finding) => {
    const { out, run } = await synth(configWith({ sites: edit(bundledYaml('sites.yaml')) }), finding.split(' ')[1]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(finding);
    expect(run.stderr).toContain('config/sites.yaml');
    expect(fs.existsSync(out)).toBe(false);
  });
});
