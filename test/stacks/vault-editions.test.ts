import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../loader/load-config';
import { synthesizeTenants } from '../../stacks/synth';
import type { SynthResult } from '../../stacks/synth/synth-types';
import { TENANT_RULES } from '../../policy/tenant-rules/catalogue';
import { bundledYaml, configWith } from '../fixtures/config-files';
import { evaluateTenants } from '../../stacks/synth';

/**
 * The exit path from Vault Enterprise, tested where it can be without a server: the same tenant (dsp-ng, health data
 * at ctie-govcloud-1) synthesizes on each key custodian the toolkit supports, byte for byte the same from one synth to
 * the next, with the same rules evaluated and passed. What differs is only what the edition requires.
 */
const EDITIONS = ['enterprise', 'openbao', 'community'] as const;
type Edition = (typeof EDITIONS)[number];

const REPLICATION = '      replication:\n        - { site: ctie-govcloud-2, mode: disaster-recovery }\n';
const RECOVERY = 'recovery: { site: ctie-govcloud-2, mode: warm }\n';

/**
 * The bundled config with ctie-govcloud-1's Vault of `edition`. Neither OpenBao nor community Vault replicates, so
 * leaving Enterprise gives up the replication that lets ctie-govcloud-2 recover dsp-ng: the sites lose it, and
 * AVL-05 then refuses dsp-ng's recovery site (the last test). To compare the stacks the editions give, dsp-ng
 * drops its recovery site and the health classification, in this test's copy only, no longer requires one
 * (`keepRecovery` leaves both as they are).
 */
function configOf(edition: Edition, keepRecovery = false): string {
  let sites = bundledYaml('sites.yaml').replace('address: https://vault.govcloud.ctie.lu:8200\n      edition: enterprise', `address: https://vault.govcloud.ctie.lu:8200\n      edition: ${edition}`);
  if (edition === 'enterprise') return configWith({ sites });
  sites = sites.replace(REPLICATION, '');
  if (keepRecovery) return configWith({ sites });
  return configWith({
    sites,
    classifications: bundledYaml('classifications.yaml').replace('recoveryRequired: { value: true,', 'recoveryRequired: { value: false,'),
    tenants: { 'dsp-ng.yaml': bundledYaml('tenants/dsp-ng.yaml').replace(RECOVERY, '') },
  });
}

const synths = new Map<Edition, { dir: string; first: SynthResult; second: SynthResult }>();
beforeAll(() => {
  for (const edition of EDITIONS) {
    const dir = configOf(edition);
    const config = loadConfig(dir);
    const out = path.join(path.dirname(dir), 'out');
    const first = synthesizeTenants(config, { outDir: `${out}-1`, tenants: ['dsp-ng'] });
    const second = synthesizeTenants(loadConfig(dir), { outDir: `${out}-2`, tenants: ['dsp-ng'] });
    synths.set(edition, { dir, first, second });
  }
}, 240_000);

const stackOf = (r: SynthResult) => JSON.parse(fs.readFileSync(r.tenants[0].file, 'utf8')) as { resource: Record<string, unknown> };

describe('one tenant on each Vault edition (the exit path from Vault Enterprise)', () => {
  it.each(EDITIONS)('synthesizes dsp-ng on %s byte for byte the same twice, tenant stack and site stack', (edition) => {
    const { first, second } = synths.get(edition)!;
    expect(fs.readFileSync(first.tenants[0].file)).toEqual(fs.readFileSync(second.tenants[0].file));
    const site = (r: SynthResult) => r.sites!.find((s) => s.site === 'ctie-govcloud-1')!;
    expect(fs.readFileSync(site(first).file)).toEqual(fs.readFileSync(site(second).file));
  });

  it('evaluates the same tenant and stack rules on every edition, with the same findings (local state only)', () => {
    const results = EDITIONS.map((e) => synths.get(e)!.first);
    const stackRules = results.map((r) => r.report.rules.map((x) => x.id));
    expect(stackRules[1]).toEqual(stackRules[0]);
    expect(stackRules[2]).toEqual(stackRules[0]);
    for (const r of results) {
      expect(r.tenantFindings.map((f) => f.ruleId)).toEqual([]);
      // Its stack's local state, and on Enterprise its recovery stack's too.
      expect([...new Set(r.warnings.filter((f) => f.tenant === 'dsp-ng').map((f) => f.ruleId))]).toEqual(['STA-01']);
    }
    expect(TENANT_RULES.map((r) => r.id)).toEqual(expect.arrayContaining(['VND-01', 'VND-02']));
  });

  it('differs only in what the edition requires: a namespace on Enterprise and OpenBao, a mount prefix on community', () => {
    const has = (e: Edition) => Object.keys(stackOf(synths.get(e)!.first).resource).includes('vault_namespace');
    expect(EDITIONS.map((e) => [e, has(e)])).toEqual([
      ['enterprise', true],
      ['openbao', true],
      ['community', false],
    ]);
    // OpenBao's audit devices are declared in its server config, not in the site stack.
    expect(synths.get('openbao')!.first.sites!.find((s) => s.site === 'ctie-govcloud-1')!.artefact).toMatch(/openbao-audit\.hcl$/);
  });

  it.each(['openbao', 'community'] as const)('refuses dsp-ng\'s recovery at ctie-govcloud-2 with AVL-05 once its site runs %s, which does not replicate the keys', (edition) => {
    const config = loadConfig(configOf(edition, true));
    const findings = evaluateTenants(config, config.tenants.filter((t) => t.spec.name === 'dsp-ng'));
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).toEqual(['AVL-05']);
    expect(findings.find((f) => f.ruleId === 'AVL-05')!.found).toMatch(/has no replication/);
  });
});
