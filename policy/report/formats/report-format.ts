/**
 * The names of the check report formats, apart from their renderers, so that declaring `--format` (in
 * `govcloud --help`) loads no renderer.
 */

/** Every format `govcloud check --format` accepts, in the order its help lists them. */
export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;

/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Whether `s` names a report format (for parsing `--format`). */
export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}
