/** The names of the diff formats, apart from their renderers, so that declaring `--format` loads no renderer. */

/** Every format `govcloud diff --format` accepts. */
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;

/** One of {@link DIFF_FORMATS}. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];
