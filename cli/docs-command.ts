import { TENANT_RULES } from '../policy/tenant-rules/catalogue';
import { renderRuleReference } from '../policy/report/rule-reference';
import { catalogueVersion, describeRules } from '../check/check-stacks';
import { EXIT } from './exit-codes';
import { writeOutputFile } from './output-file';
import { reportFailure } from './report-failure';

/** The rule reference as `docs/rules.md` holds it. */
export function ruleReference(): string {
  const rules = describeRules();
  return renderRuleReference(TENANT_RULES, rules, catalogueVersion(rules));
}

/** `govcloud docs [--out FILE]`: writes the rule reference (default `docs/rules.md`). */
export function runDocs(opts: { out: string }): number {
  try {
    writeOutputFile('--out', opts.out, ruleReference());
    console.log(`wrote ${opts.out}`);
    return EXIT.ok;
  } catch (e) {
    return reportFailure('docs', e);
  }
}
