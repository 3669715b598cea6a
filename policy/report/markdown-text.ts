/** Text helpers shared by the Markdown renderers (check reports, plan reviews): one line, escaped. */

/** One line, without control characters (a comment API may refuse them, and they never mean anything here). */
export function flat(s: string): string {
  return s.replace(/\s+/g, (run) => (/[\r\n]/.test(run) ? ' ' : run)).replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
}

/** Escapes Markdown and HTML in running text, on one line. */
export function esc(s: string): string {
  return flat(s).replace(/([\\`*_{}[\]<>#|~!&$])/g, '\\$1');
}

/** Text inside an HTML element (`<summary>`, `<code>`), where Markdown is not parsed. */
export function html(s: string): string {
  return flat(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * An inline code span that holds any text: the fence is longer than any backtick run inside it. In a table
 * cell, `|` is escaped even inside code, since GitLab and GitHub split rows before they parse spans.
 */
export function code(s: string, inTable = false): string {
  const text = flat(s);
  if (!text) return '';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const body = inTable ? text.replace(/\|/g, '\\|') : text;
  // CommonMark strips one space from each end of a span that begins and ends with one: pad such text, and text
  // at a backtick, so what renders is the text itself.
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
