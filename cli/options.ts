/**
 * The options several commands take, declared once so that they are spelled, described and defaulted alike in
 * every command's help. A command adds the ones it takes with `.addOption(...)`, beside its own.
 */
import { Option } from 'commander';
import { RISK_ORDER, type RiskLabel } from '../policy/diff/diff-model';

/** `--config <dir>`: the config folder, `config` unless given. */
export function configOption(description = 'config folder'): Option {
  return new Option('--config <dir>', description).default('config');
}

/** `--format <format>`: one of `formats`, `text` unless given; commander refuses any other (exit 2). */
export function formatOption(formats: readonly string[], description = 'output format'): Option {
  return new Option('--format <format>', description).choices(formats).default('text');
}

/** `--output <file>`: write `what` (the report, the review) to FILE instead of standard output. */
export function outputOption(what: string): Option {
  return new Option('--output <file>', `write the ${what} to FILE instead of standard output`);
}

/** `--tenant <name>`: one tenant. */
export function tenantOption(description: string): Option {
  return new Option('--tenant <name>', description);
}

/** `--tenant <name...>`: one tenant or more. */
export function tenantsOption(description: string): Option {
  return new Option('--tenant <name...>', description);
}

/**
 * `--fail-on <labels>`: risk labels, comma-separated, that make the command exit 1; `labels` unless given.
 * Commander keeps the text; the command reads it with {@link failOnLabels} when it runs.
 */
export function failOnOption(description: string, labels = ''): Option {
  return new Option('--fail-on <labels>', description).default(labels);
}

/** Every label `--fail-on` takes, in the order help and messages list them. */
export const FAIL_ON_LABELS: readonly RiskLabel[] = RISK_ORDER;

/**
 * Reads a `--fail-on a,b` text. An unknown label is bad arguments: it is named on standard error and the
 * result is undefined, for the command to exit 2.
 */
export function failOnLabels(command: string, value: string): RiskLabel[] | undefined {
  const labels = value.split(',').map((l) => l.trim()).filter(Boolean);
  const unknown = labels.filter((l) => !(FAIL_ON_LABELS as readonly string[]).includes(l));
  if (unknown.length) {
    console.error(`govcloud ${command}: --fail-on ${unknown.join(',')}: unknown label; use ${FAIL_ON_LABELS.join(', ')}`);
    return undefined;
  }
  return labels as RiskLabel[];
}
