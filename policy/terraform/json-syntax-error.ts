/**
 * Why `JSON.parse` refused a text, without the text: Node quotes the characters around the error
 * (`Unexpected token 'h', ..."value":hunter2-se"... is not valid JSON`), and in a plan JSON those can be part of a
 * secret. What is kept says what went wrong and, where Node gives it, at which position.
 */
export function jsonSyntaxError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  // The quoted text may hold a newline of its own: it is cut out before the message is cut to one line.
  return message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, ' (the text around it is not shown)').split('\n')[0];
}
