/**
 * `text` as one word of a POSIX shell command: in single quotes, each single quote inside closed, escaped and
 * reopened (`'\''`), so nothing in it is expanded. For the stand-in scripts and `su -c` commands the tests write.
 */
export function shellQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
