/** One attribute of one deployed resource, judged against one rule: the unit every `verify` report is made of. */
export interface VerifyCheck {
  readonly rule: string;
  readonly address: string;
  readonly attribute: string;
  readonly holds: boolean;
  /** What the state holds, quoted as JSON (`absent` when the attribute is not there). */
  readonly found: string;
  readonly expected: string;
}
