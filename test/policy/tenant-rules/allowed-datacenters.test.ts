import { allowedDatacenters } from '../../../policy/tenant-rules/allowed-datacenters';
import { healthClass, luSite, sourced } from '../fixtures';

const lu = luSite();
const otherLu = luSite({ id: 'lu-2', vsphere: { ...lu.vsphere, datacenter: 'ALPHA-DC' } });
const de = luSite({ id: 'de-1', country: 'DE', vsphere: { ...lu.vsphere, datacenter: 'FRA1' } });

describe('allowedDatacenters', () => {
  it('names the datacenters of every site the classification allows, sorted, and leaves out the others', () => {
    expect(allowedDatacenters({ tenant: 't', site: lu, classification: healthClass(), catalogue: [de, lu, otherLu] })).toEqual(['ALPHA-DC', 'LU-DC']);
  });
  it("always names the tenant's own site, even without a catalogue", () => {
    expect(allowedDatacenters({ tenant: 't', site: de, classification: healthClass() })).toEqual(['FRA1']);
  });
  it('follows the classification: a country it allows brings its datacenters in', () => {
    const classification = healthClass({ countries: sourced(['LU', 'DE']) });
    expect(allowedDatacenters({ tenant: 't', site: lu, classification, catalogue: [de, lu] })).toEqual(['FRA1', 'LU-DC']);
  });
});
