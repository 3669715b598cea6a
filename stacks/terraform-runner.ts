import { spawnSync, type SpawnSyncReturns } from 'child_process';

/**
 * Runs the real `terraform` (or `GOVCLOUD_TERRAFORM`, for a wrapper) in a stack folder. Output streams through
 * to the user's terminal unless `capture` is set; the exit code is returned as Terraform gave it.
 */
export function runTerraform(cwd: string, args: readonly string[], options: { capture?: boolean } = {}): { status: number; stdout: string } {
  const bin = process.env.GOVCLOUD_TERRAFORM ?? 'terraform';
  const r: SpawnSyncReturns<string> = spawnSync(bin, args, {
    cwd,
    encoding: 'utf8',
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    env: { ...process.env, TF_IN_AUTOMATION: process.env.TF_IN_AUTOMATION ?? '1' },
    maxBuffer: 1 << 30,
  });
  if (r.error) throw new TerraformMissing(bin, r.error.message);
  return { status: r.status ?? 1, stdout: r.stdout ?? '' };
}

/** Thrown when the terraform binary cannot be started. */
export class TerraformMissing extends Error {
  constructor(readonly bin: string, reason: string) {
    super(`cannot run ${bin} (${reason}); install Terraform 1.5 or newer, or set GOVCLOUD_TERRAFORM`);
    this.name = 'TerraformMissing';
  }
}
