export { renderDiff, DIFF_FORMATS, type DiffFormat } from './render-diff';
export { renderDiffText } from './diff-text';
export { renderDiffMarkdown } from './diff-markdown';
export { renderDiffJson } from './diff-json';
