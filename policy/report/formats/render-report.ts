import type { CheckReport } from '../check-report';
import { renderJson } from './json-format';
import { renderJunit } from './junit-format';
import { renderMarkdown } from './markdown-format';
import { renderSarif } from './sarif-format';
import { renderText } from './text-format';
import { REPORT_FORMATS, type ReportFormat } from './report-format';

export { REPORT_FORMATS, isReportFormat, type ReportFormat } from './report-format';

/** Options of {@link renderReport}. */
export interface RenderOptions {
  /**
   * Colour the text format with ANSI escapes; the other formats ignore it.
   * @default false - no escape codes anywhere
   */
  readonly color?: boolean;
  /**
   * The text format's findings in full (what the rule allows, its sources); the other formats always hold them.
   * @default true
   */
  readonly verbose?: boolean;
}

/**
 * Renders a check report in one format. Every format holds every finding with its location, lists the
 * suppressions in force and ends with the resource types no rule examined; all are deterministic (the same
 * report gives the same bytes) and end with a newline.
 */
export function renderReport(report: CheckReport, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(report, { color: options.color, verbose: options.verbose });
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'junit':
      return renderJunit(report);
    case 'markdown':
      return renderMarkdown(report);
    default:
      throw new Error(`unknown report format ${JSON.stringify(format)}; use one of: ${REPORT_FORMATS.join(', ')}`);
  }
}
