import { formatSource, formatSources, law, policy, standard } from '../../policy/source';
import { toSources, withTaggedSources } from '../../loader/sources';

describe('sources', () => {
  it('say what kind of text they cite, and whose policy a policy is', () => {
    expect(formatSource(law('GDPR art. 9(4)'))).toBe('law: GDPR art. 9(4)');
    expect(formatSource(standard('SecNumCloud 3.2, 19.6.a-b'))).toBe('standard: SecNumCloud 3.2, 19.6.a-b');
    expect(formatSource(policy('PQ 3639 ¶4', 'Government of Luxembourg'))).toBe('policy (Government of Luxembourg): PQ 3639 ¶4');
    expect(formatSources([law('GDPR art. 9(4)'), policy('PQ 3639 ¶4', 'Government of Luxembourg')])).toBe(
      'law: GDPR art. 9(4); policy (Government of Luxembourg): PQ 3639 ¶4',
    );
  });

  it('are read from YAML as one tagged object or a list of them', () => {
    expect(toSources({ law: 'GDPR art. 48' })).toEqual([law('GDPR art. 48')]);
    expect(toSources([{ standard: 'BSI C5:2020' }, { policy: 'PQ 3639 ¶6', by: 'Government of Luxembourg' }])).toEqual([
      standard('BSI C5:2020'),
      policy('PQ 3639 ¶6', 'Government of Luxembourg'),
    ]);
  });

  it('are read into every constraint of a classification, at any depth, and nowhere else', () => {
    const raw = { id: 'x', countries: { value: ['LU'], source: { law: 'GDPR art. 9(4)' } }, conditions: [{ when: { countries: ['DE'] }, tier: { value: 'III', source: { standard: 'TIA-942' } } }] };
    expect(withTaggedSources(raw)).toEqual({
      id: 'x',
      countries: { value: ['LU'], source: [law('GDPR art. 9(4)')] },
      conditions: [{ when: { countries: ['DE'] }, tier: { value: 'III', source: [standard('TIA-942')] } }],
    });
  });
});
