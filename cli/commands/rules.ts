import type { Command } from 'commander';
import type { RuleDescription } from '../../policy/rule-description';
import { EXIT } from '../exit-codes';

/** Declares `govcloud rules`. */
export function register(program: Command): void {
  program
    .command('rules')
    .description('List the tenant and stack rules, each with its sources tagged law, standard or policy (whose).')
    .action(async () => {
      process.exitCode = await runRules();
    });
}

/**
 * `govcloud rules`: the tenant rules (checked on the declaration), then the stack rules (checked on what Terraform
 * receives), one rule a paragraph, one source a line. docs/rules.md holds the same with each rule's fix.
 */
export async function runRules(): Promise<number> {
  const { TENANT_RULES } = await import('../../policy/tenant-rules/catalogue');
  const { describeRules } = await import('../../check/check-stacks');
  const { formatSource } = await import('../../policy/source');
  const print = (heading: string, rules: readonly RuleDescription[]) => {
    console.log(`${heading}\n`);
    for (const r of rules) {
      const sources = r.sources.map((s) => `    ${formatSource(s)}`).join('\n');
      console.log(`${r.id}  ${r.severity.padEnd(7)}  ${r.title}\n${sources}\n    why: ${r.rationale}\n`);
    }
  };
  print('Tenant rules: checked on every declared tenant before anything is built', TENANT_RULES);
  print('Stack rules: checked on what Terraform receives (govcloud synth before it publishes, govcloud check)', describeRules());
  console.log('Every rule with its fix: docs/rules.md (govcloud docs).');
  return EXIT.ok;
}
