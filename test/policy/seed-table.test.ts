import * as fs from 'fs';
import * as path from 'path';
import { loadConfig } from '../../loader/load-config';
import type { Site } from '../../policy/model';
import { placementIssues } from '../../policy/tenant-rules/res';
import { verdictOf, type Verdict } from '../../policy/tenant-rules/site-verdicts';

/**
 * The seed, situation by situation: every place the answer to parliamentary question 3639 puts data, with the
 * sentence it comes from (quoted from docs/sources/pq-3639.md) and the verdict the policy in config/ gives it on the
 * example catalogue; then the places the seed excludes. The verdict is the policy's (the placement rules RES-01 to
 * RES-13 with the classification's conditions): what a site must also provide (an audit collector, say) is judged
 * apart, by the rules `govcloud where` lists under the site.
 */
const config = loadConfig('config');
const SEED = fs.readFileSync(path.resolve(__dirname, '../../docs/sources/pq-3639.md'), 'utf8');

/** A site of the example catalogue, or one changed in one fact to stand for a situation the catalogue lacks. */
const site = (id: string, change: Partial<Site> = {}): Site => ({ ...config.sites.get(id)!, ...change });

interface SeedRow {
  readonly situation: string;
  readonly quote: string;
  readonly classification: string;
  readonly site: Site;
  readonly verdict: Verdict;
  /** The rules that refuse it, for a refused row. */
  readonly refusedBy?: readonly string[];
}

const Q = {
  dsp: "le gouvernement a déjà décidé d'héberger désormais ces données de santé souveraines auprès du CTIE",
  hospitals: 'toutes les informations sensibles des hôpitaux ainsi que des institutions de sécurité sociale patients sont exclusivement hébergées dans des infrastructures sécurisées au Luxembourg',
  govcloud: "Ces services sont notamment utilisés par la Direction de la santé, l'Observatoire de la santé ou encore l'Inspection générale de la sécurité sociale.",
  esante: "Aussi l'actuelle plateforme de l'agence eSanté, ainsi que son service du Dossier de Soins Partagé (DSP), sont hébergés auprès d'un fournisseur national.",
  researchLu: "soit hébergées dans des centres de données situés sur le territoire luxembourgeois (LuxConnect et les infrastructures informatiques internes de l'Université du Luxembourg)",
  researchDe: 'soit sur des infrastructures de type « cloud » localisées en Allemagne',
  clarence: 'Plus spécifiquement Clarence, le cloud souverain déconnecté au Luxembourg, permet aux organisations du secteur public et aux entreprises réglementées de répondre à des exigences strictes en termes de résidence et de sécurité des données',
  noForeignLaw: "éviter une dépendance légale face à des changements législatifs dans d'autres pays",
};

/** What the seed names. */
const SEED_ROWS: readonly SeedRow[] = [
  { situation: 'the next-generation DSP at CTIE', quote: Q.dsp, classification: 'health', site: site('ctie-govcloud-1'), verdict: 'allowed' },
  // Tier IV is recommended for health data (a warning): no public source sets a tier.
  { situation: "a hospital's sensitive data in its own Luxembourg datacentre", quote: Q.hospitals, classification: 'health', site: site('hospital-dc-1'), verdict: 'allowed-with-warnings' },
  { situation: "a social-security institution's sensitive data in its own Luxembourg datacentre", quote: Q.hospitals, classification: 'social-security', site: site('social-security-dc-1'), verdict: 'allowed' },
  { situation: 'the Direction de la santé on the GovCloud', quote: Q.govcloud, classification: 'health', site: site('ctie-govcloud-1'), verdict: 'allowed' },
  { situation: 'the Observatoire de la santé on the GovCloud', quote: Q.govcloud, classification: 'health', site: site('ctie-govcloud-1'), verdict: 'allowed' },
  { situation: 'IGSS on the GovCloud', quote: Q.govcloud, classification: 'social-security', site: site('ctie-govcloud-1'), verdict: 'allowed' },
  // The catalogue has no national provider; a Luxembourg hospital site run by a commercial operator stands for one. A
  // third-party host is recommended ISO/IEC 27001 (HDS EXI 01 as a benchmark), and Tier IV.
  {
    situation: "today's eSanté platform and DSP with a national provider",
    quote: Q.esante,
    classification: 'health',
    site: site('hospital-dc-1', { id: 'national-provider', operator: 'A national provider (example)', operatorType: 'commercial' }),
    verdict: 'allowed-with-warnings',
  },
  { situation: 'LIH and LCSB research data at LuxConnect', quote: Q.researchLu, classification: 'health-research', site: site('lu-colo-1'), verdict: 'allowed' },
  // ISO/IEC 27001 is recommended for research data (a warning); the University's site records no certificate.
  { situation: "research data on the University of Luxembourg's own infrastructure", quote: Q.researchLu, classification: 'health-research', site: site('university-lu-1'), verdict: 'allowed-with-warnings' },
  { situation: 'research data in a German cloud', quote: Q.researchDe, classification: 'health-research', site: site('research-de-1'), verdict: 'allowed' },
  { situation: 'Clarence, the disconnected sovereign cloud, for air-gapped data', quote: Q.clarence, classification: 'classified', site: site('lu-enclave-1'), verdict: 'allowed' },
];

/** What the seed excludes. */
const COUNTER_ROWS: readonly SeedRow[] = [
  { situation: 'health data in the German research cloud', quote: Q.hospitals, classification: 'health', site: site('research-de-1'), verdict: 'refused', refusedBy: ['RES-01', 'RES-10'] },
  { situation: 'social-security data in the German research cloud', quote: Q.hospitals, classification: 'social-security', site: site('research-de-1'), verdict: 'refused', refusedBy: ['RES-01', 'RES-10'] },
  { situation: 'health data at Clarence, whose owners answer to Belgian law too', quote: Q.noForeignLaw, classification: 'health', site: site('lu-enclave-1'), verdict: 'refused', refusedBy: ['RES-10'] },
  {
    situation: 'research data in the EU region of a US-owned provider',
    quote: Q.noForeignLaw,
    classification: 'health-research',
    site: site('hyperscaler-eu-west'),
    verdict: 'refused',
    refusedBy: ['RES-01', 'RES-04', 'RES-10'],
  },
  {
    situation: 'research data in a German region of a US-owned provider',
    quote: Q.noForeignLaw,
    classification: 'health-research',
    site: site('hyperscaler-eu-west', { id: 'hyperscaler-de-central', country: 'DE', operatorJurisdictions: ['DE', 'US'] }),
    verdict: 'refused',
    refusedBy: ['RES-04', 'RES-10'],
  },
];

function policyVerdict(row: SeedRow) {
  const issues = placementIssues(row.site, config.classifications.get(row.classification)!);
  return { verdict: verdictOf(issues.map((i) => i.severity)), refusedBy: [...new Set(issues.filter((i) => i.severity === 'error').map((i) => i.ruleId))] };
}

const rowsOf = (rows: readonly SeedRow[]) => rows.map((r) => [r.situation, r.classification, r.site.id, r.verdict, r] as const);
const normalised = (text: string) => text.replace(/\s+/g, ' ');

describe('the seed table: where the answer to parliamentary question 3639 puts data', () => {
  it.each(rowsOf(SEED_ROWS))('%s: %s data on %s is %s', (_situation, _classification, _site, verdict, row) => {
    expect(normalised(SEED)).toContain(normalised(row.quote));
    expect(policyVerdict(row)).toEqual({ verdict, refusedBy: [] });
  });
});

describe('the seed table: where the seed does not put data', () => {
  it.each(rowsOf(COUNTER_ROWS))('%s: %s data on %s is %s', (_situation, _classification, _site, verdict, row) => {
    expect(normalised(SEED)).toContain(normalised(row.quote));
    expect(policyVerdict(row)).toEqual({ verdict, refusedBy: row.refusedBy });
  });
});
