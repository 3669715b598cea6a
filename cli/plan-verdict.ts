import { formatFinding } from '../policy/finding';
import { renderReview } from '../policy/report/review-formats/render-review';
import { passes, type SavedPlanVerdict } from '../plan/saved-plan';
import { EXIT } from './exit-codes';
import { useColour } from './terminal-colour';

/**
 * Prints what `govcloud plan` and `govcloud apply` found in the saved plan: the review on standard output, then
 * each policy error and the `--fail-on` labels that refuse it on standard error. Returns 0 when it passes, 1 when
 * it is refused.
 */
export function printPlanVerdict(command: string, verdict: SavedPlanVerdict): number {
  process.stdout.write(renderReview(verdict.review, 'text', { color: useColour(true) }));
  for (const f of verdict.errors) console.error(formatFinding(f));
  if (verdict.blocked.length) console.error(`govcloud ${command}: the plan carries ${verdict.blocked.join(', ')} changes (--fail-on)`);
  return passes(verdict) ? EXIT.ok : EXIT.refused;
}
