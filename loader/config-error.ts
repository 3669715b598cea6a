/** One problem in a config file: where it is, which field, what is wrong and how to fix it. */
export interface ConfigProblem {
  /** Path of the file, as given to the loader. */
  readonly file: string;
  /** 1-based line, where known. */
  readonly line?: number;
  /** 1-based column, where known. */
  readonly column?: number;
  /** Path of the field, e.g. `network.vlan`, `vms[0].template`; empty for the whole file. */
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

/** `file:line:column field: message. Fix: ...` */
export function formatProblem(p: ConfigProblem): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
  return `${where}${p.field ? ` ${p.field}` : ''}: ${p.message}. Fix: ${p.fix}`;
}

/** Thrown when config cannot be loaded; lists every problem found, not only the first. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid config (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.map(formatProblem).join('\n  ')}`);
    this.name = 'ConfigError';
  }
}
