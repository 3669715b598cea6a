import * as fs from 'fs';
import { ruleReference } from '../../check/rule-reference';
import { formatSources } from '../../policy/source';
import { TENANT_RULES } from '../../policy/tenant-rules/catalogue';
import { STACK_RULES } from '../../policy/stack-rules/catalogue';

describe('docs/rules.md', () => {
  it('is what the catalogues generate (run `npm run docs` after changing a rule)', () => {
    expect(fs.readFileSync('docs/rules.md', 'utf8')).toBe(ruleReference());
  });

  it('documents every tenant and stack rule with its sources, each tagged law, standard or policy', () => {
    const doc = ruleReference();
    for (const r of [...TENANT_RULES, ...STACK_RULES]) {
      expect(doc).toContain(`### ${r.id}: ${r.title}`);
      expect(doc).toContain(formatSources(r.sources));
    }
  });
});
