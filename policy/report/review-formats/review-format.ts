/** The names of the plan review formats, apart from their renderers, so that declaring `--format` loads no renderer. */

/** Every format a plan review renders to. */
export const REVIEW_FORMATS = ['text', 'markdown', 'json'] as const;

/** One of {@link REVIEW_FORMATS}. */
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];
