import { custodianOfHost, siteOfHost } from '../../policy/hosts';
import { luSite } from './fixtures';

/** Two State datacentres of one operator under one DNS suffix, as case (6) of issue 12 has them. */
const first = luSite({ id: 'state-dc-1', vsphere: { ...luSite().vsphere, server: 'vcenter1.lu.test' } });
const second = luSite({ id: 'state-dc-2', vsphere: { ...luSite().vsphere, server: 'vcenter2.lu.test' } });

describe('siteOfHost', () => {
  it("answers with the tenant's own site for a host under a domain two sites share", () => {
    expect(siteOfHost('tfstate.lu.test', [first, second], second)?.id).toBe('state-dc-2');
    expect(siteOfHost('tfstate.lu.test', [first, second], first)?.id).toBe('state-dc-1');
  });

  it('answers in catalogue order without a preferred site, and with the owner when the preferred site does not hold the host', () => {
    expect(siteOfHost('tfstate.lu.test', [first, second])?.id).toBe('state-dc-1');
    const de = luSite({ id: 'de-1', domains: ['de.test'] });
    expect(siteOfHost('db.de.test', [first, de], first)?.id).toBe('de-1');
    expect(siteOfHost('db.elsewhere.test', [first, de], first)).toBeUndefined();
  });
});

describe('custodianOfHost', () => {
  const custodian = { id: 'c', name: 'c', country: 'LU', operator: 'o', operatorJurisdictions: ['LU'], euEstablished: true, euControlled: true, domains: ['custody.example'], holds: ['keys' as const] };
  it('finds the custodian whose domains hold the host, and none for other hosts', () => {
    expect(custodianOfHost('vault.custody.example', [custodian])?.id).toBe('c');
    expect(custodianOfHost('custody.example', [custodian])?.id).toBe('c');
    expect(custodianOfHost('notcustody.example', [custodian])).toBeUndefined();
  });
});
