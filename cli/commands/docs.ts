import type { Command } from 'commander';
import { writeOutputFile } from '../output-file';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Options of `govcloud docs`, as declared below. */
export interface DocsOptions {
  /** Where the rule reference is written. */
  readonly out: string;
}

/** Declares `govcloud docs`. */
export function register(program: Command): void {
  program
    .command('docs')
    .description('Write the rule reference generated from the catalogues (docs/rules.md).')
    .option('--out <file>', 'where to write it', 'docs/rules.md')
    .action(async (opts: DocsOptions) => {
      process.exitCode = await runDocs(opts);
    });
}

/** `govcloud docs [--out FILE]`: writes the rule reference (default `docs/rules.md`). */
export async function runDocs(opts: DocsOptions): Promise<number> {
  try {
    const { ruleReference } = await import('../../check/rule-reference');
    writeOutputFile('--out', opts.out, ruleReference());
    console.log(`wrote ${opts.out}`);
    return EXIT.ok;
  } catch (e) {
    return reportFailure('docs', e);
  }
}
