import { stableJson } from '../../stable-json';
import type { OutputDiff } from '../../diff/diff-model';
import { labelCounts } from './diff-facts';

/** The diff as JSON with sorted keys (the same diff gives the same bytes), plus per-label counts. */
export function renderDiffJson(d: OutputDiff): string {
  return `${stableJson({ ...d, summary: labelCounts(d) }, { space: 2 }) ?? '{}'}\n`;
}
