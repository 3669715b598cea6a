import type { Custodian, Site } from '../../../policy/model';
import { KEY_03 } from '../../../policy/stack-rules/key/KEY-03';
import { RES_03 } from '../../../policy/stack-rules/res/RES-03';
import { RES_06 } from '../../../policy/stack-rules/res/RES-06';
import { STA_03, STA_04 } from '../../../policy/stack-rules/sta';
import type { StackContext } from '../../../policy/stack-rules/stack-rule';
import { custodian } from '../fixtures';
import { exampleSiteStack, exampleStack } from './stack-fixtures';

/**
 * The stack rules that see a tenant's keys, audit log and state agree with the tenant rules RES-14 to RES-16: a
 * registered custodian the classification allows is accepted, any other is refused; and the tenant's own site
 * answers first for a host under a domain two sites share.
 */
const abroad = custodian({ id: 'managed-vault', operator: 'Vault Cloud Ireland Ltd', country: 'IE', operatorJurisdictions: ['IE', 'US'], euControlled: false, domains: ['vault.cloud.example'] });
const local = custodian({});

/** dsp-ng (health, ctie-govcloud-1) as synthesized, with its site changed by `site` and `custodians` registered. */
function dspNg(change: (json: any) => void, site: Partial<Site> = {}, custodians: readonly Custodian[] = [local, abroad], stack = exampleStack()): StackContext {
  const { json, context } = stack;
  change(json);
  const ctx = context(json);
  const own = { ...ctx.site, ...site, vault: { ...ctx.site.vault, ...site.vault } };
  return { ...ctx, site: own, catalogue: ctx.catalogue.map((s) => (s.id === own.id ? own : s)), custodians };
}

describe('RES-03 and RES-06: the Vault provider at a custodian', () => {
  it("refuses the site's own Vault when a custodian the classification does not allow holds it, with the classification's sources", () => {
    const address = 'https://eu.vault.cloud.example:8200';
    const ctx = dspNg((j) => (j.provider.vault[0].address = address), { vault: { address } as Site['vault'] });
    const [f] = RES_03.check(ctx);
    expect(f).toMatchObject({ ruleId: 'RES-03', resource: 'provider.vault', attribute: 'address', severity: 'error' });
    expect(f.found).toBe(`address is "${address}", the Vault of site ctie-govcloud-1, which is held by custodian managed-vault (Vault Cloud Ireland Ltd; in IE; under IE, US law; not EU-controlled)`);
    expect(f.allowed).toContain('classification health allows LU');
    expect(f.source).toContain('policy (Government of Luxembourg)');
  });

  it("accepts the site's Vault at a custodian of keys the classification allows, and pkcs keys through it", () => {
    const address = 'https://vault.custody.lu.example:8200';
    const ctx = dspNg((j) => {
      j.provider.vault[0].address = address;
      j.resource.vault_managed_keys = { hsm: { pkcs: { name: 'site-hsm', library: 'hsm', key_label: 'k', key_id: '1', mechanism: '0x0001', pin: '${var.pin}' } } };
    }, { vault: { address } as Site['vault'] });
    expect([...RES_03.check(ctx), ...RES_06.check(ctx)]).toEqual([]);
    expect(RES_03.check({ ...ctx, custodians: [] })[0].found).toContain('no registered custodian holds it');
  });
});

describe("KEY-03: the socket audit device at a custodian (in the stack of dsp-ng's site)", () => {
  const sendTo = (address: string) => (j: any) => (Object.values(j.resource.vault_audit).find((d: any) => d.type === 'socket') as any).options.address = address;
  const siteNg = (change: (json: any) => void, site: Partial<Site> = {}, custodians: readonly Custodian[] = [local, abroad]) => dspNg(change, site, custodians, exampleSiteStack());

  it('accepts a collector of an allowed custodian of audit logs', () => {
    expect(KEY_03.check(siteNg(sendTo('siem.custody.lu.example:6514')))).toEqual([]);
  });

  it('refuses a collector of a custodian the classification does not allow, and one registered for keys only', () => {
    const [f] = KEY_03.check(siteNg(sendTo('logs.vault.cloud.example:6514')));
    expect(f.found).toBe('socket audit device "socket" sends to logs.vault.cloud.example:6514, which is held by custodian managed-vault (Vault Cloud Ireland Ltd; in IE; under IE, US law; not EU-controlled)');
    const keysOnly = custodian({ holds: ['keys'] });
    expect(KEY_03.check(siteNg(sendTo('siem.custody.lu.example:6514'), {}, [keysOnly]))[0].found).toContain('registered to hold keys, not audit logs');
  });

  it("refuses the site's own registered collector when it lies outside the site and no custodian holds it", () => {
    const [f] = KEY_03.check(siteNg(sendTo('siem.elsewhere.example:6514'), { vault: { auditCollector: 'siem.elsewhere.example:6514' } as Site['vault'] }, []));
    expect(f.found).toContain('which is not under the domains of site ctie-govcloud-1 and no registered custodian holds it');
  });
});

describe('STA-03 and STA-04: state at a custodian, and two sites under one domain', () => {
  const pg = (host: string) => (j: any) => (j.terraform.backend = { pg: { conn_str: `postgres://${host}:5432/terraform?sslmode=verify-full`, schema_name: 'govcloud_dsp_ng' } });
  const registered = (host: string) => ({ stateBackend: { type: 'pg' as const, host, port: 5432, database: 'terraform', sslmode: 'verify-full' as const, schemaPrefix: 'govcloud_', encryptedAtRest: true } });

  it('accepts state on an encrypted database the site registers at an allowed custodian of state', () => {
    const ctx = dspNg(pg('tfstate.custody.lu.example'), registered('tfstate.custody.lu.example'));
    expect([...STA_03.check(ctx), ...STA_04.check(ctx)]).toEqual([]);
  });

  it('refuses state at a custodian the classification does not allow, naming where it is and what the classification allows', () => {
    const [f] = STA_03.check(dspNg(pg('tfstate.vault.cloud.example')));
    expect(f.found).toBe(
      'state goes to tfstate.vault.cloud.example, which is held by custodian managed-vault (Vault Cloud Ireland Ltd; in IE; under IE, US law; not EU-controlled); ' +
        'classification health allows LU; classification health requires an EU-controlled operator; classification health allows operators under LU law only',
    );
  });

  it("finds an encrypted, registered backend of the tenant's own site when an earlier site shares its domain", () => {
    // A second State datacentre registered before ctie-govcloud-1, under the same DNS suffix, without that backend.
    const ctx = dspNg(pg('tfstate-db.govcloud.ctie.lu'), registered('tfstate-db.govcloud.ctie.lu'));
    const twin: Site = { ...ctx.site, id: 'ctie-govcloud-2', stateBackend: { type: 'local' }, vsphere: { ...ctx.site.vsphere, server: 'vcenter2.govcloud.ctie.lu', datacenter: 'GOVCLOUD-LU-2' } };
    const shared = { ...ctx, catalogue: [twin, ...ctx.catalogue] };
    expect([...STA_03.check(shared), ...STA_04.check(shared)]).toEqual([]);
  });
});
