import { formatProblem, type ConfigProblem } from './config-error';

/**
 * Thrown for an input that is neither config nor an argument: a folder given as a bundle that is not one, a
 * provider mirror that lacks a pinned version, a stack file that is not JSON. Exit 2, like bad config; `file`
 * of each problem names the input. (Terraform JSON that a policy reader cannot read is the policy's own
 * `UnreadableInputError`, since `policy/` sits below this folder.)
 */
export class InputError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid input (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.map(formatProblem).join('\n  ')}`);
    this.name = 'InputError';
  }
}
