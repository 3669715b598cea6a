import { TENANT_RULES } from '../policy/tenant-rules/catalogue';
import { EXIT } from './exit-codes';

/** `govcloud rules`: the tenant rule catalogue, one rule a paragraph. */
export function runRules(): number {
  for (const r of TENANT_RULES) {
    console.log(`${r.id}  ${r.severity.padEnd(7)}  ${r.title}\n    source: ${r.source}\n    why: ${r.rationale}\n`);
  }
  return EXIT.ok;
}
