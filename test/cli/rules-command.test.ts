import { runRules } from '../../cli/commands/rules';
import { describeRules } from '../../check/check-stacks';
import { formatSource } from '../../policy/source';
import { TENANT_RULES } from '../../policy/tenant-rules/catalogue';

describe('govcloud rules', () => {
  let printed = '';
  beforeAll(async () => {
    const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed += `${args.join(' ')}\n`;
    });
    try {
      expect(await runRules()).toBe(0);
    } finally {
      log.mockRestore();
    }
  });

  it('lists the tenant rules, then the stack rules, and says where each rule is documented with its fix', () => {
    const tenant = printed.indexOf('Tenant rules:');
    const stack = printed.indexOf('Stack rules:');
    expect(tenant).toBeGreaterThanOrEqual(0);
    expect(stack).toBeGreaterThan(tenant);
    for (const r of TENANT_RULES) expect(printed.slice(tenant, stack)).toContain(`${r.id}  ${r.severity.padEnd(7)}  ${r.title}\n`);
    for (const r of describeRules()) expect(printed.slice(stack)).toContain(`${r.id}  ${r.severity.padEnd(7)}  ${r.title}\n`);
    expect(printed).toContain('docs/rules.md');
  });

  it('prints every source of a rule on a line of its own, with its tag', () => {
    const net08 = describeRules().find((r) => r.id === 'NET-08')!;
    const lines = net08.sources.map((s) => `    ${formatSource(s)}`).join('\n');
    expect(printed).toContain(`${net08.title}\n${lines}\n    why: `);
    expect(printed).toContain('    policy (Government of Luxembourg): PQ 3639 ¶8 (Clarence');
    expect(printed).toContain("    policy (govcloud-tenants): no secret engine of a cloud under non-EU law");
  });
});
