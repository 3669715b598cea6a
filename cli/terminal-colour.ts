/**
 * Whether to paint text output with ANSI colour: only on a terminal, and never when `NO_COLOR` is set to
 * anything but the empty string (https://no-color.org).
 */
export function useColour(toTerminal: boolean): boolean {
  return toTerminal && process.stdout.isTTY === true && !process.env.NO_COLOR;
}
