/**
 * The `govcloud` program: every command registered on a fresh commander `Command`, and {@link runCli}, which
 * parses one command line and sets `process.exitCode`. `govcloud.ts` runs it on `process.argv`; tests may run it in
 * their own process where a subprocess would prove nothing more (test/cli/run-govcloud.ts).
 */
import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes';
import { TOOL_VERSION } from '../loader/tool-version';
import * as synth from './commands/synth';
import * as rules from './commands/rules';
import * as check from './commands/check';
import * as diff from './commands/diff';
import * as review from './commands/review';
import * as plan from './commands/plan';
import * as apply from './commands/apply';
import * as evidence from './commands/evidence';
import * as bundle from './commands/bundle';
import * as verifyBundle from './commands/verify-bundle';
import * as verify from './commands/verify';
import * as siteChecklist from './commands/site-checklist';
import * as pipeline from './commands/pipeline';
import * as docs from './commands/docs';
import * as where from './commands/where';
import * as vendors from './commands/vendors';

/** Every command, in the order `govcloud --help` lists them. */
const COMMANDS: readonly { register(program: Command): void }[] = [synth, rules, where, vendors, siteChecklist, check, diff, review, plan, apply, evidence, verify, bundle, verifyBundle, pipeline, docs];

/** A new `govcloud` program with every command registered; commander keeps parsed options on it, so one per run. */
export function createProgram(): Command {
  const program = new Command()
    .name('govcloud')
    .description('Sovereign GovCloud tenants on vSphere and Vault: synthesize Terraform, refuse non-resident data.')
    .version(`govcloud ${TOOL_VERSION}`, '-V, --version', 'print the version and exit')
    .exitOverride()
    .showHelpAfterError('(run govcloud --help for usage)');
  for (const command of COMMANDS) command.register(program);
  return program;
}

/**
 * Runs one command line (`argv` as `process.argv` holds it: node, script, arguments) and sets `process.exitCode`:
 * help and version are successes, every other parse error is bad arguments, and an error no command expected is
 * an internal error (exit 3), printed with its stack so it can be reported.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await createProgram().parseAsync([...argv]);
  } catch (e: unknown) {
    if (e instanceof CommanderError) {
      process.exitCode = e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.badInput;
      return;
    }
    console.error(`govcloud: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = EXIT.internal;
  }
}
