import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledYaml, configWith } from '../fixtures/config-files';
import { govcloudInProcess } from './run-govcloud';

/** `govcloud synth` of the example config with the shared care record's recovery site moved to `site`. */
async function synthWithRecoveryAt(site: string) {
  const dsp = bundledYaml('tenants/dsp-ng.yaml').replace('recovery: { site: ctie-govcloud-2, mode: warm }', `recovery: { site: ${site}, mode: warm }`);
  const config = configWith({ tenants: { 'dsp-ng.yaml': dsp } });
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'recovery-cli-')), 'out');
  const run = await govcloudInProcess(['synth', '--config', config, '--out', out]);
  return { run, written: fs.existsSync(out) };
}

/** The rule ids of the `error` lines of a run. */
const errorIds = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error ')).map((l) => l.split(' ')[1]);

describe('govcloud synth and the recovery site of the shared care record', () => {
  it('synthesizes the primary and the recovery stack, both judged, and exits 0', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'recovery-cli-')), 'out');
    const run = await govcloudInProcess(['synth', '--out', out]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^dsp-ng-recovery +site ctie-govcloud-2 \(LU\)  classification health  \d+ resources  \(recovery of dsp-ng\)/m);
    expect(fs.existsSync(path.join(out, 'stacks', 'dsp-ng-recovery', 'cdk.tf.json'))).toBe(true);
  });

  it('refuses a recovery site in Germany with exit 1, naming the rules and the recovery site, and writes nothing', async () => {
    const { run, written } = await synthWithRecoveryAt('research-de-1');
    expect(run.status).toBe(1);
    expect(written).toBe(false);
    expect(errorIds(run.stderr)).toEqual(['RES-01', 'RES-10', 'KEY-10', 'AVL-05']);
    expect(run.stderr).toContain('error RES-01 tenant dsp-ng (');
    expect(run.stderr).toContain('recovery.site): recovery site research-de-1: site research-de-1 is in DE (the replica at the recovery site breaks this rule)');
  });

  it('refuses a recovery site without the key provider and the Vault replica with exit 1 (AVL-05)', async () => {
    const { run } = await synthWithRecoveryAt('lu-colo-1');
    expect(run.status).toBe(1);
    expect(errorIds(run.stderr)).toContain('AVL-05');
    expect(run.stderr).toContain('recovery site lu-colo-1 cannot reach the tenant\'s keys');
  });

  it("refuses the tenant's own site as its recovery site with exit 1 (AVL-04)", async () => {
    const { run } = await synthWithRecoveryAt('ctie-govcloud-1');
    expect(run.status).toBe(1);
    expect(errorIds(run.stderr)).toEqual(['AVL-04']);
  });
});
