import { stableJson } from '../../stable-json';
import { summarize, type CheckReport } from '../check-report';

/** Version of the JSON report's shape; raised when a field is renamed or removed, not when one is added. */
export const JSON_REPORT_VERSION = 1;

/**
 * The report as JSON for other programs: the {@link CheckReport} as it is, plus `summary` (the counts that decide
 * the exit code) and `formatVersion`. Keys are sorted at every level, so the same report gives the same bytes
 * however its objects were built, and the top level ends, like every format, with `unexamined`.
 */
export function renderJson(report: CheckReport): string {
  const document = { formatVersion: JSON_REPORT_VERSION, ...report, summary: summarize(report) };
  return `${stableJson(document, { space: 2 })}\n`;
}
