import { formatProblem, type ConfigProblem } from './config-error';

/**
 * Thrown for bad command-line arguments (`--out` at a folder govcloud may not replace, `--jobs x`, `--shard`
 * with `--tenant`): exit 2, like bad config, but said as what it is. `file` of each problem names the argument's
 * value or `arguments`.
 */
export class UsageError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid arguments (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.map(formatProblem).join('\n  ')}`);
    this.name = 'UsageError';
  }
}
