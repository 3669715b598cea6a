import { spawnSync } from 'child_process';
import * as path from 'path';

/**
 * Whether the real `terraform` binary runs here (it does on the development machine and in CI): as
 * test/global-setup.js found it once for the run (`GOVCLOUD_TEST_TERRAFORM`), else by running `terraform version`.
 */
export const hasTerraform = process.env.GOVCLOUD_TEST_TERRAFORM ? process.env.GOVCLOUD_TEST_TERRAFORM === 'runs' : terraformRuns();

/** Whether `terraform version` runs and exits 0. */
function terraformRuns(): boolean {
  return spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
}

/**
 * `it` where terraform runs, otherwise `it.skip` after a printed `SKIPPED:` line saying what goes unproven:
 * a missing binary is never a silent pass.
 */
export function terraformTest(unproven: string): jest.It {
  if (!hasTerraform) console.warn(`SKIPPED: terraform is not on PATH; ${unproven}.`);
  return hasTerraform ? it : it.skip;
}

/**
 * The environment of an offline terraform run in `dir`: no prompts, no update check, an empty CLI config (this
 * machine's may name a missing file), and a proxy nobody listens on, so anything that needs the network fails.
 */
export function offlineTerraformEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    TF_CLI_CONFIG_FILE: path.join(dir, 'cli.tfrc'),
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    ...extra,
  };
  for (const k of ['NO_PROXY', 'no_proxy', 'TF_PLUGIN_CACHE_DIR', 'TF_DATA_DIR', 'TF_WORKSPACE']) delete env[k];
  return env;
}
