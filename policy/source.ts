/**
 * Where a constraint or a rule comes from, said as what it is. A `law` binds (GDPR, the EHDS Regulation); a
 * `standard` is a referential or certification scheme a site may be held to (SecNumCloud, BSI C5, HDS, ISO/IEC
 * 27001) or a vendor's documentation of what its product does; a `policy` is a choice someone made, and says
 * whose it is. Keeping them apart is the point: a refusal that rests on a State policy must not read as if the
 * law required it.
 */
export type SourceKind = 'law' | 'standard' | 'policy';

/** One source: its kind, the document and clause, and for a policy whose it is. */
export interface Source {
  readonly kind: SourceKind;
  /** The document and clause: `GDPR art. 9(4)`, `SecNumCloud 3.2, 19.6.a-b`, `PQ 3639 ¶4`. */
  readonly cite: string;
  /**
   * Whose policy it is (`Government of Luxembourg`, `CTIE`, `govcloud-tenants`), for `policy` sources.
   * @default - none (law and standards speak for themselves)
   */
  readonly by?: string;
}

/** A binding text, with its article. */
export function law(cite: string): Source {
  return { kind: 'law', cite };
}

/** A referential, certification scheme or vendor documentation, with its clause. */
export function standard(cite: string): Source {
  return { kind: 'standard', cite };
}

/** A choice `by` made, with where it is stated. */
export function policy(cite: string, by: string): Source {
  return { kind: 'policy', cite, by };
}

/** Who a choice of this toolkit's maintainers is by. */
export const GOVCLOUD_TENANTS = 'govcloud-tenants';

/**
 * A choice this toolkit's maintainers made, said plainly as theirs: no law, standard or State policy makes it, and
 * the text says what was chosen.
 */
export function toolkitChoice(what: string): Source {
  return policy(`${what} (a choice of this toolkit's maintainers)`, GOVCLOUD_TENANTS);
}

/** `law: GDPR art. 48`, `policy (Government of Luxembourg): PQ 3639 ¶4`. */
export function formatSource(s: Source): string {
  return `${s.kind}${s.by ? ` (${s.by})` : ''}: ${s.cite}`;
}

/** Sources joined with `; `, in the order given. */
export function formatSources(sources: readonly Source[]): string {
  return sources.map(formatSource).join('; ');
}
