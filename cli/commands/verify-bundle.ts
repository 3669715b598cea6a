import type { Command } from 'commander';
import { reportFailure } from '../report-failure';
import { EXIT } from '../exit-codes';

/** Declares `govcloud verify-bundle`. */
export function register(program: Command): void {
  program
    .command('verify-bundle')
    .description('Check a bundle before (or after) it is carried into an enclave: MANIFEST.sha256, providers only from its own filesystem mirror, a lock file checksum for every package carried (SUP-02). Exit 1 on any problem.')
    .argument('<dir>', 'bundle folder')
    .action(async (dir: string) => {
      process.exitCode = await runVerifyBundle(dir);
    });
}

/**
 * `govcloud verify-bundle DIR`: checks a bundle before it is carried into the enclave, or after: the manifest,
 * a CLI config that installs only from the bundle's mirror, and a lock file checksum for every package carried
 * (SUP-02). Returns 0 when it holds, 1 with one line per problem, 2 when DIR is not a bundle.
 */
export async function runVerifyBundle(dir: string): Promise<number> {
  const { BUNDLE_RULE, filesUnder, uncarriedProviders, verifyBundle } = await import('../../bundle');
  try {
    const problems = verifyBundle(dir);
    for (const p of problems) console.error(`error ${BUNDLE_RULE.id} ${dir}/${p.file}: ${p.found}. Fix: ${BUNDLE_RULE.fix}`);
    if (problems.length) {
      console.error(`govcloud verify-bundle: ${problems.length} problem${problems.length === 1 ? '' : 's'}; do not run this bundle.`);
      return EXIT.refused;
    }
    // Intact but not runnable: carried into the enclave, it would fail at terraform init, out of reach of a fix.
    const missing = uncarriedProviders(dir);
    for (const p of missing) console.error(`error ${BUNDLE_RULE.id} ${dir}/${p.file}: ${p.found}. Fix: make the bundle again with govcloud bundle --provider-mirror DIR, which carries the providers and records their checksums`);
    if (missing.length) {
      console.error(`govcloud verify-bundle: bundle ${dir} is intact (its files match MANIFEST.sha256) but carries ${missing.length === 1 ? 'a provider' : `${missing.length} providers`} short; terraform init will fail in the enclave. Do not carry it in.`);
      return EXIT.refused;
    }
    console.log(`bundle ${dir} verified: ${filesUnder(dir).length} files match MANIFEST.sha256, providers only from its filesystem mirror, every package carried is in the lock file (${BUNDLE_RULE.id})`);
    return EXIT.ok;
  } catch (e) {
    return reportFailure('verify-bundle', e);
  }
}
