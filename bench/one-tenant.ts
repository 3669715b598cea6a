import * as path from 'path';
import { COMPILE_CACHE_ENV } from '../cli/compile-cache';
import { figures, type Figures } from './figures';
import { CLI, measureChild, REPO, type ChildMeasurement } from './measure-child';

/** Runs of each one-tenant command in each environment, after one unmeasured round; the median is reported (five
 * were too few here, where the machine runs a third slower for seconds at a time). */
const ONE_TENANT_RUNS = 9;

/**
 * A variable some machines set (this one to the system's 215 KB bundle) that makes Node read and parse a CA bundle
 * at every start, before any code runs: tens of milliseconds of each command, none of them govcloud's (the CLI
 * opens no TLS connection). The one-tenant commands are measured with it as the environment has it, and without.
 */
export const CA_BUNDLE_ENV = 'NODE_EXTRA_CA_CERTS';

/** The one-tenant commands' medians in one environment. */
interface OneTenantFigures {
  readonly synth: Figures;
  readonly check: Figures;
}

/** An environment the one-tenant commands are timed in, beside the environment as it is. */
interface OneTenantVariant {
  readonly label: string;
  readonly withoutEnv?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The environments besides the one as it is: with the CLI's caches off (`GOVCLOUD_COMPILE_CACHE=off` turns off the
 * compile cache, cli/compile-cache.ts, and the resolve cache beside it), to show what they save, and without
 * {@link CA_BUNDLE_ENV} where it is set.
 */
const ONE_TENANT_VARIANTS: readonly OneTenantVariant[] = [
  { label: 'with both caches off', env: { [COMPILE_CACHE_ENV]: 'off' } },
  ...(process.env[CA_BUNDLE_ENV] ? [{ label: `without ${CA_BUNDLE_ENV}`, withoutEnv: [CA_BUNDLE_ENV] }] : []),
];

/**
 * Medians of the one-tenant commands on the bundled config: `synth --tenant dsp-ng` (forced) and `check` of its
 * stack, in the environment as it is and in each of {@link ONE_TENANT_VARIANTS}, the runs interleaved.
 */
export function oneTenantCommands(root: string): { asIs: OneTenantFigures; variants: (OneTenantFigures & { label: string })[] } {
  const out = path.join(root, 'one-tenant');
  const config = path.join(REPO, 'config');
  const variants: OneTenantVariant[] = [{ label: 'as is' }, ...ONE_TENANT_VARIANTS];
  const runs = variants.map(() => ({ synth: [] as ChildMeasurement[], check: [] as ChildMeasurement[] }));
  // One unmeasured round first, as a user's second run: the start-up runs before trace modules with other Node
  // options (a second --require), and the resolve cache (cli/resolve-cache.ts) holds for one set of options only, so
  // the first run here would look every module up again and write the cache at exit.
  for (let i = -1; i < ONE_TENANT_RUNS; i++) {
    variants.forEach(({ withoutEnv, env }, v) => {
      const synth = measureChild(CLI, ['synth', '--config', config, '--tenant', 'dsp-ng', '--out', out, '--force'], { cwd: REPO, withoutEnv, env });
      const check = measureChild(CLI, ['check', path.join(out, 'stacks', 'dsp-ng', 'cdk.tf.json'), '--config', config, '--output', path.join(root, 'one-check.txt')], { cwd: REPO, withoutEnv, env });
      if (i < 0) return;
      runs[v].synth.push(synth);
      runs[v].check.push(check);
    });
  }
  const [asIs, ...others] = runs.map((r, v) => ({ label: variants[v].label, synth: figures(r.synth), check: figures(r.check) }));
  return { asIs, variants: others };
}

