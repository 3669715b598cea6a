/** Data classifications and what each allows (`config/classifications.yaml`). */

import type { CountryCode, OperatorType } from './site';
import type { Source } from '../source';

/** One constraint of a classification with what it rests on. */
export interface Sourced<T> {
  readonly value: T;
  /** The law, standard clause or policy decision the constraint rests on, each tagged as such. */
  readonly source: readonly Source[];
  /**
   * How a site that fails the constraint is judged: refused, or reported only. A demand that no law, standard or
   * stated policy makes is a `warning`.
   * @default 'error'
   */
  readonly level?: 'error' | 'warning';
}

/** A data classification and what it allows. */
export interface Classification {
  readonly id: string;
  readonly description: string;
  /** Countries where data of this class may be stored and processed. */
  readonly countries: Sourced<readonly CountryCode[]>;
  /** Jurisdictions an operator may be subject to; every one of the site's must be in this list. */
  readonly operatorJurisdictions: Sourced<readonly CountryCode[]>;
  /** The operator must be EU-established (SecNumCloud 19.6.a). */
  readonly euEstablished: Sourced<boolean>;
  /** The operator must be EU-controlled (SecNumCloud 19.6.b). */
  readonly euControlled: Sourced<boolean>;
  /** Certifications the site must hold, all of them. */
  readonly certificationsAll: Sourced<readonly string[]>;
  /** Certifications of which the site must hold at least one (empty: none required). */
  readonly certificationsAnyOf: Sourced<readonly string[]>;
  /** The site must be air-gapped. */
  readonly airGapped: Sourced<boolean>;
  /** VM home and every disk encrypted with the site's encryption storage policy. */
  readonly encryption: Sourced<boolean>;
  /** Minimum Vault audit devices per tenant (2: local file plus central collector). */
  readonly auditDevices: Sourced<number>;
  /** Days the site must keep the audit log of a tenant's Vault at least (KEY-10). */
  readonly auditRetentionDays: Sourced<number>;
  /** Whether a tenant's transit key may be made deletable. */
  readonly keyDeletionAllowed: Sourced<boolean>;
  /** Minimum Uptime tier of the site, if any. */
  readonly minimumTier?: Sourced<'I' | 'II' | 'III' | 'IV'>;
  /** Rules marked as rising (warning for most data) are errors for this classification. */
  readonly warningsAreErrors?: Sourced<boolean>;
  /**
   * The tenant's keys must sit with a key custodian under an open-source licence, or from a vendor under EU/EEA law
   * only (VND-01); `level: warning` reports it only.
   * @default - no demand on the key custodian's licence or vendor
   */
  readonly openOrEuKeyCustodian?: Sourced<boolean>;
  /**
   * Warn when the tenant depends on a component of a single non-EU vendor for which no alternative is recorded (VND-02).
   * @default - not judged
   */
  readonly singleVendorWarning?: Sourced<boolean>;
  /**
   * Constraints for some sites only (by country, by operator type), on top of the ones above.
   * @default - none: the constraints above hold at every site
   */
  readonly conditions?: readonly ClassificationCondition[];
}

/** The sites a condition applies to: a site matches when it matches every criterion given. */
export interface SiteMatch {
  /**
   * Sites in one of these countries.
   * @default - any country
   */
  readonly countries?: readonly CountryCode[];
  /**
   * Sites run by one of these operator types.
   * @default - any operator type
   */
  readonly operatorTypes?: readonly OperatorType[];
}

/**
 * What a classification adds for the sites `when` matches (research data in a German cloud only with a BSI C5
 * attestation, say), judged by the same rules as the classification's own constraints. Every constraint is optional:
 * one left out adds nothing to the classification's own.
 */
export interface ClassificationCondition {
  readonly when: SiteMatch;
  readonly operatorJurisdictions?: Sourced<readonly CountryCode[]>;
  readonly euEstablished?: Sourced<boolean>;
  readonly euControlled?: Sourced<boolean>;
  readonly certificationsAll?: Sourced<readonly string[]>;
  readonly certificationsAnyOf?: Sourced<readonly string[]>;
  readonly airGapped?: Sourced<boolean>;
  readonly minimumTier?: Sourced<'I' | 'II' | 'III' | 'IV'>;
}
