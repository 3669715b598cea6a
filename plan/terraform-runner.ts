import { spawnSync, type SpawnSyncReturns } from 'child_process';

/** Options of {@link runTerraform}. */
export interface TerraformRunOptions {
  /**
   * Capture standard output (for `show -json`) instead of streaming it.
   * @default false
   */
  readonly capture?: boolean;
  /**
   * Also keep standard error, to read Terraform's complaint afterwards; it is still printed, once Terraform ends.
   * @default false - it streams through
   */
  readonly keepStderr?: boolean;
}

/**
 * Runs the real `terraform` (or `GOVCLOUD_TERRAFORM`, for a wrapper) in a stack folder. Output streams through
 * to the user's terminal unless `capture` is set; the exit code is returned as Terraform gave it. With `NO_COLOR`
 * set, Terraform is asked for plain text too (`-no-color`; it does not read the variable itself).
 */
export function runTerraform(cwd: string, args: readonly string[], options: TerraformRunOptions = {}): { status: number; stdout: string; stderr: string } {
  const bin = process.env.GOVCLOUD_TERRAFORM ?? 'terraform';
  const plain = process.env.NO_COLOR ? [args[0], '-no-color', ...args.slice(1)] : args;
  const r: SpawnSyncReturns<string> = spawnSync(bin, plain, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', options.keepStderr ? 'pipe' : 'inherit'],
    env: { ...process.env, TF_IN_AUTOMATION: process.env.TF_IN_AUTOMATION ?? '1' },
    maxBuffer: 1 << 30,
  });
  if (r.error) throw new TerraformMissing(bin, r.error.message);
  if (options.keepStderr && r.stderr) process.stderr.write(r.stderr);
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Terraform's ways of saying it could not reach a provider registry: no DNS, no route, a proxy, a timeout. */
const UNREACHABLE_REGISTRY = /could not connect to registry|failed to request discovery document|no such host|dial tcp|i\/o timeout|connection refused|proxyconnect/i;

/** Terraform's way of saying no installation method it may use (a mirror, say) has the provider. */
const NOT_IN_MIRROR = /was not found in any of the search locations/;

/** Why `terraform init` could not install the providers, when it is one govcloud can help with. */
export type ProviderInstallFailure = 'registry-unreachable' | 'not-in-mirror';

/** Why `terraform init` could not install the providers, from its standard error, when it is one govcloud can help with. */
export function providerInstallFailure(stderr: string): ProviderInstallFailure | undefined {
  // Terraform wraps its messages in a box, in colour, at about 80 columns: read them as one line of plain words.
  // eslint-disable-next-line no-control-regex
  const text = stderr.replace(/\u001b\[[0-9;]*m/g, '').replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ');
  if (NOT_IN_MIRROR.test(text)) return 'not-in-mirror';
  return UNREACHABLE_REGISTRY.test(text) ? 'registry-unreachable' : undefined;
}

/** Thrown when the terraform binary cannot be started. */
export class TerraformMissing extends Error {
  constructor(readonly bin: string, reason: string) {
    super(`cannot run ${bin} (${reason}); install Terraform 1.5 or newer, or set GOVCLOUD_TERRAFORM`);
    this.name = 'TerraformMissing';
  }
}

/**
 * What to do when `terraform init` cannot install the providers: the ways govcloud supports working offline. The
 * first line continues the one line that reports the failure (`govcloud plan: terraform init exited 1; ...`).
 */
export const PROVIDER_INSTALL_HINTS: Readonly<Record<ProviderInstallFailure, string>> = {
  'registry-unreachable': [
    'it could not download the providers: their registry (registry.terraform.io) is not reachable from here.',
    '  Without internet access, or inside an enclave, install them from a provider mirror instead:',
    '  - govcloud bundle TENANT --out DIR --provider-mirror MIRROR writes the stack with a mirror-only CLI config and lock file',
    '    (run terraform in DIR with TF_CLI_CONFIG_FILE=DIR/terraform.rc; see docs/enclave-bundle.md);',
    '  - or set TF_CLI_CONFIG_FILE to a CLI config whose provider_installation names your filesystem_mirror or network_mirror.',
  ].join('\n'),
  'not-in-mirror': [
    'the provider mirror Terraform was told to use (TF_CLI_CONFIG_FILE) lacks a provider version the stack pins.',
    '  Fill it from a machine with registry access: terraform providers mirror -platform=linux_amd64 MIRROR (in the stack folder),',
    '  then check it with govcloud bundle TENANT --out DIR --provider-mirror MIRROR, which names any version missing.',
  ].join('\n'),
};

/**
 * Thrown when a terraform step exits with a failure; Terraform's own messages are already on the terminal.
 * Terraform's exit code is in `status`; `hint` says how to install the providers offline when that is what failed.
 */
export class TerraformFailed extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly hint?: string,
  ) {
    super(`terraform ${step} exited ${status}`);
    this.name = 'TerraformFailed';
  }
}
