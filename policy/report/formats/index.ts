export { renderReport, isReportFormat, REPORT_FORMATS, type ReportFormat, type RenderOptions } from './render-report';
export { renderText, type TextFormatOptions } from './text-format';
export { renderJson, JSON_REPORT_VERSION } from './json-format';
export { renderSarif, SARIF_SCHEMA_URI } from './sarif-format';
export { renderJunit, UNEXAMINED_SUITE } from './junit-format';
export { renderMarkdown } from './markdown-format';
