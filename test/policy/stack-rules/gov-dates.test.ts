import { applySuppressions, isCalendarDate } from '../../../policy/stack-rules/gov';

/** GOV-01 takes a suppression's expiry only when it is a day of the calendar (issue 14). */
describe('GOV-01 on the expiry date of a suppression in a stack', () => {
  const declared = (expires: string) => [{ ruleId: 'ENC-03', tenant: 't', resource: 'vsphere_virtual_machine.x', reason: 'Vendor appliance cannot boot EFI.', approvedBy: 'CISO office', expires }];

  it.each(['2027-02-30', '2027-02-29', '2027-04-31', '31/03/2027', '2027-3-31'])('refuses %s, which is no day of the calendar', (expires) => {
    const { problems, inForce } = applySuppressions([], declared(expires), '2026-12-01');
    expect(problems.map((p) => p.found)).toEqual([expect.stringContaining('no valid expires date (YYYY-MM-DD)')]);
    expect(inForce).toEqual([]);
  });

  it.each(['2027-03-31', '2028-02-29', '2400-02-29'])('takes %s', (expires) => {
    expect(applySuppressions([], declared(expires), '2026-12-01').problems).toEqual([]);
    expect(isCalendarDate(expires)).toBe(true);
  });
});
