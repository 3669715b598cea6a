import { formatFinding } from '../policy/finding';
import { UnreadableInputError } from '../policy/terraform/synth-reader';
import { ConfigError } from '../loader/config-error';
import { UsageError } from '../loader/usage-error';
import { InputError } from '../loader/input-error';
import { TenantsRefused } from '../stacks/synth/tenants-refused';
import { TerraformFailed, TerraformMissing } from '../plan/terraform-runner';
import { EXIT } from './exit-codes';

/** Commands that write files or run Terraform; the others only read, so "nothing was written" is no news there. */
const WRITING_COMMANDS: ReadonlySet<string> = new Set(['synth', 'plan', 'apply', 'evidence', 'bundle', 'pipeline', 'docs']);

/** Prints a command's failure the same way for every command and returns its exit code; rethrows bugs. */
export function reportFailure(command: string, e: unknown, locate?: (tenant: string, field: string) => string | undefined): number {
  const nothingWritten = WRITING_COMMANDS.has(command) ? '\nnothing was written.' : '';
  if (e instanceof ConfigError || e instanceof UsageError || e instanceof InputError) {
    console.error(`govcloud ${command}: ${e.message}${nothingWritten}`);
    return EXIT.badInput;
  }
  if (e instanceof UnreadableInputError) {
    console.error(`govcloud ${command}: ${e.message}`);
    return EXIT.badInput;
  }
  if (e instanceof TenantsRefused) {
    console.error(`govcloud ${command}: ${e.message}${nothingWritten ? '; nothing was written.' : '.'}`);
    for (const f of e.findings) console.error(formatFinding(f, locate));
    return EXIT.refused;
  }
  if (e instanceof TerraformMissing) {
    console.error(`govcloud ${command}: ${e.message}`);
    return EXIT.badInput;
  }
  if (e instanceof TerraformFailed) {
    // Terraform's own messages are above; govcloud adds one line (and, for a failed install, how to work offline).
    console.error(`govcloud ${command}: ${e.message}${e.hint ? `; ${e.hint}` : ''}`);
    return EXIT.terraform;
  }
  throw e;
}
