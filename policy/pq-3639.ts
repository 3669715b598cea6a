/**
 * The paragraphs of the answer to parliamentary question 3639 (7 April 2026) that rules cite, written once so
 * that every rule cites them in the same words. Paragraphs are numbered as docs/residency-policy.md numbers them.
 */
import { policy, type Source } from './source';

/** Whose policy the answer states: it is the joint answer of two ministers. */
const BY = 'Government of Luxembourg';

/** ¶1, the pillars of sovereignty; among them, no legal dependency on changes in other countries' law. */
export const PQ3639_SOVEREIGNTY: Source = policy("PQ 3639 ¶1 (sovereignty: no legal dependency on other countries' law)", BY);

/**
 * ¶8, Clarence, the disconnected ("air-gapped") sovereign cloud in Luxembourg. SecNumCloud requires no air gap:
 * an enclave with no link out of it rests on this policy, not on a clause of a standard.
 */
export const PQ3639_AIR_GAP: Source = policy('PQ 3639 ¶8 (Clarence, the disconnected, air-gapped sovereign cloud)', BY);

/** ¶1, the pillars of sovereignty; among them, limiting the economic dependency on disruptions of licence costs. */
export const PQ3639_ECONOMIC: Source = policy('PQ 3639 ¶1 (sovereignty: limit the economic dependency on disruptions that would affect the cost of an IT product\'s licences)', BY);

/** ¶8, Clarence diversifying its solution with components from other suppliers, to reduce single-vendor dependency. */
export const PQ3639_SINGLE_VENDOR: Source = policy('PQ 3639 ¶8 (Clarence diversifies its solution with components from other suppliers to reduce the dependency on a single vendor)', BY);

/**
 * ¶1, the first pillar of sovereignty: the availability of infrastructure, services and data, "en évitant la perte
 * des accès aux ressources". The spread of VM groups and the recovery site rest on this policy.
 */
export const PQ3639_AVAILABILITY: Source = policy('PQ 3639 ¶1 (sovereignty: guarantee the availability of infrastructure, services and data, avoiding the loss of access to resources)', BY);
