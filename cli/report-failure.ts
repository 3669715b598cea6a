import { formatFinding } from '../policy/finding';
import { UnreadableInputError } from '../policy/terraform/synth-reader';
import { ConfigError } from '../stacks/config/config-error';
import { TenantsRefused } from '../stacks/tenants-refused';
import { EXIT } from './exit-codes';

/** Prints a command's failure the same way for every command and returns its exit code; rethrows bugs. */
export function reportFailure(command: string, e: unknown, locate?: (tenant: string, field: string) => string | undefined): number {
  if (e instanceof ConfigError) {
    console.error(`govcloud ${command}: ${e.message}\nnothing was written.`);
    return EXIT.badInput;
  }
  if (e instanceof UnreadableInputError) {
    console.error(`govcloud ${command}: ${e.message}`);
    return EXIT.badInput;
  }
  if (e instanceof TenantsRefused) {
    console.error(`govcloud ${command}: ${e.message}; nothing was written.`);
    for (const f of e.findings) console.error(formatFinding(f, locate));
    return EXIT.refused;
  }
  throw e;
}
