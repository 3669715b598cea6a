import { nameOf } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import { holdsPersonalData, protectedClasses } from './personal-data';
import { law, standard } from '../../source';

/** Where each secrets sync destination type copies secrets to. */
const SYNC_DESTINATIONS: Record<string, string> = {
  aws: 'AWS Secrets Manager',
  azure: 'Azure Key Vault',
  gcp: 'Google Cloud Secret Manager',
  gh: 'GitHub Actions secrets',
  vercel: 'Vercel project environment variables',
};
const SYNC_DESTINATION = /^vault_secrets_sync_([a-z0-9]+)_destination$/;

export const RES_05: StackRule = {
  id: 'RES-05',
  title: 'No secrets sync to a foreign platform for personal data or above',
  severity: 'error',
  rises: false,
  rationale:
    'A secrets sync destination copies tenant secrets, and keeps copying them, into a platform run by an operator under non-EU law (AWS, Azure, Google, GitHub, Vercel): ' +
    'a transfer the classification forbids, and a copy of the keys outside the custodian. Public and internal data hold no personal data and are not judged here.',
  fix: 'remove the vault_secrets_sync_*_destination (and its associations); applications read secrets from the tenant namespace in the site Vault',
  sources: [
    standard('SecNumCloud 3.2, 19.6.c (a third party must have no technical ability to obtain the data)'),
    law('GDPR art. 44 (chapter V: transfers outside the EU, where the secrets are personal data)'),
    standard('Vault provider docs (secrets_sync_*_destination)'),
  ],
  examines: Object.keys(SYNC_DESTINATIONS).map((d) => `vault_secrets_sync_${d}_destination`),
  check(ctx) {
    if (!holdsPersonalData(ctx.classification)) return [];
    return ctx.doc.resources.flatMap((b) => {
      const m = SYNC_DESTINATION.exec(b.type);
      if (!m) return [];
      const target = SYNC_DESTINATIONS[m[1]] ?? `the "${m[1]}" platform`;
      return [stackFinding(this, ctx, b, { found: `secrets sync destination ${nameOf(b)} copies tenant secrets to ${target}`, allowed: `no secrets sync destination: ${protectedClasses(ctx)}` })];
    });
  },
};
