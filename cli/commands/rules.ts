import type { Command } from 'commander';
import { EXIT } from '../exit-codes';

/** Declares `govcloud rules`. */
export function register(program: Command): void {
  program
    .command('rules')
    .description('List the residency and security rules checked for every tenant, with their sources.')
    .action(async () => {
      process.exitCode = await runRules();
    });
}

/** `govcloud rules`: the tenant rule catalogue, one rule a paragraph. */
export async function runRules(): Promise<number> {
  const { TENANT_RULES } = await import('../../policy/tenant-rules/catalogue');
  const { formatSources } = await import('../../policy/source');
  for (const r of TENANT_RULES) {
    console.log(`${r.id}  ${r.severity.padEnd(7)}  ${r.title}\n    source: ${formatSources(r.sources)}\n    why: ${r.rationale}\n`);
  }
  return EXIT.ok;
}
