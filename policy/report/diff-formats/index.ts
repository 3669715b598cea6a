export { renderDiff } from './render-diff';
export { DIFF_FORMATS, type DiffFormat } from './diff-format';
export { renderDiffText } from './diff-text';
export { renderDiffMarkdown } from './diff-markdown';
export { renderDiffJson } from './diff-json';
