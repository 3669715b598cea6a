/** Exit codes of every `govcloud` command; CI reads them. */
export const EXIT = {
  /** Done, no rule broken. */
  ok: 0,
  /** A tenant breaks a residency or security rule; nothing was written. */
  refused: 1,
  /** Bad config, arguments or input file; nothing was written. */
  badInput: 2,
  /** A bug in the toolkit. */
  internal: 3,
  /** Terraform itself failed (init, plan, show or apply), or could not reach what it needs; its messages are above. */
  terraform: 4,
} as const;
