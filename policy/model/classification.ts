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
   * What the classification demands for availability (the seed's first pillar): spread of VM groups over hosts, a
   * recovery site and how far from the primary it must be.
   * @default - nothing demanded: spread is only advised (AVL-01 warns), a recovery site is optional
   */
  readonly availability?: ClassificationAvailability;
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

/** How far a recovery site must be from the primary: another site, or another site run by another operator. */
export type RecoveryDistance = 'another-site' | 'another-operator';

/** Availability a classification demands of its tenants (AVL rules). */
export interface ClassificationAvailability {
  /**
   * Every VM group of two or more runs on different hosts: AVL-01 refuses a group without an anti-affinity rule and
   * AVL-02 refuses a tenant's opt-out.
   * @default - spread is advised: AVL-01 warns, an opt-out with a reason is accepted
   */
  readonly spread?: Sourced<boolean>;
  /**
   * Every tenant declares a recovery site (AVL-03).
   * @default - a recovery site is optional
   */
  readonly recoveryRequired?: Sourced<boolean>;
  /**
   * How far the recovery site must be from the primary (AVL-04); a recovery site is always another site.
   * @default 'another-site'
   */
  readonly recoveryDistance?: Sourced<RecoveryDistance>;
}
