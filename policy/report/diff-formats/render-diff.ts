import type { OutputDiff } from '../../diff/diff-model';
import { renderDiffJson } from './diff-json';
import { renderDiffMarkdown } from './diff-markdown';
import { renderDiffText } from './diff-text';
import type { DiffFormat } from './diff-format';

/** Renders a diff in one format; colour applies to text only. */
export function renderDiff(d: OutputDiff, format: DiffFormat, options: { color?: boolean } = {}): string {
  if (format === 'markdown') return renderDiffMarkdown(d);
  if (format === 'json') return renderDiffJson(d);
  return renderDiffText(d, options);
}
