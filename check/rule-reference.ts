import { TENANT_RULES } from '../policy/tenant-rules/catalogue';
import { renderRuleReference } from '../policy/report/rule-reference';
import { catalogueVersion, describeRules } from './check-stacks';

/** The rule reference of both catalogues, tenant and stack rules, as `docs/rules.md` holds it (`govcloud docs`). */
export function ruleReference(): string {
  const rules = describeRules();
  return renderRuleReference(TENANT_RULES, rules, catalogueVersion(rules));
}
