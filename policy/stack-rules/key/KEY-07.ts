import { isTrue, KMIP_BACKEND, KMIP_ROLE } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { standard } from '../../source';

/** Vault Enterprise features by resource type; `openbao` marks the ones OpenBao has as well. */
const ENTERPRISE_FEATURES: { readonly matches: (type: string) => boolean; readonly feature: string; readonly openbao: boolean }[] = [
  { matches: (t) => t === 'vault_namespace', feature: 'namespaces', openbao: true },
  { matches: (t) => t.startsWith('vault_kmip_'), feature: 'the KMIP secrets engine (Advanced Data Protection)', openbao: false },
  { matches: (t) => t === 'vault_managed_keys', feature: 'managed keys', openbao: false },
  { matches: (t) => t.startsWith('vault_secrets_sync_'), feature: 'secrets sync', openbao: false },
  { matches: (t) => t === 'vault_raft_snapshot_agent_config', feature: 'automated raft snapshots', openbao: false },
  { matches: (t) => t === 'vault_egp_policy' || t === 'vault_rgp_policy', feature: 'Sentinel policies', openbao: false },
  { matches: (t) => t.startsWith('vault_transform_'), feature: 'the Transform secrets engine (Advanced Data Protection)', openbao: false },
];

export const KEY_07: StackRule = {
  id: 'KEY-07',
  title: "No Vault Enterprise feature on a site whose custodian does not have it",
  severity: 'error',
  rises: false,
  rationale:
    'Vault CE has no namespaces, KMIP, managed keys, secrets sync, automated snapshots or seal wrapping; OpenBao has namespaces (since 2.3) but none of the others. ' +
    'Such a resource fails at apply or, worse, is silently ignored; either way it is a vendor dependency the site does not have.',
  fix: "remove the resource (or seal_wrap), or place the tenant on a site whose custodian has the feature; record the custodian's edition in sites.yaml (vault.edition)",
  sources: [standard('Vault provider docs (Enterprise-only resources)'), standard('OpenBao 2.3 release notes and roadmap'), standard('SecNumCloud 3.2, 19.6.d')],
  examines: [
    'vault_namespace', KMIP_BACKEND, 'vault_kmip_secret_scope', KMIP_ROLE, 'vault_managed_keys',
    ...['aws', 'azure', 'gcp', 'gh', 'vercel'].map((d) => `vault_secrets_sync_${d}_destination`), 'vault_secrets_sync_association', 'vault_secrets_sync_config', 'vault_secrets_sync_github_apps',
    'vault_raft_snapshot_agent_config', 'vault_egp_policy', 'vault_rgp_policy',
    ...['alphabet', 'role', 'template', 'transformation'].map((x) => `vault_transform_${x}`), 'vault_mount',
  ],
  check(ctx) {
    const edition = ctx.site.vault.edition;
    if (edition === 'enterprise') return [];
    const out: StackFinding[] = [];
    const custodian = `site ${ctx.site.id} runs ${edition === 'openbao' ? 'OpenBao' : 'Vault community edition'}`;
    const allowed = edition === 'openbao' ? 'features OpenBao has: namespaces yes; KMIP server, managed keys, secrets sync, automated snapshots, seal wrapping, Sentinel, Transform no' : 'Vault community features only: no namespaces, KMIP, managed keys, secrets sync, automated snapshots, seal wrapping, Sentinel or Transform';
    for (const b of ctx.doc.resources.filter((r) => r.type.startsWith('vault_'))) {
      const feature = ENTERPRISE_FEATURES.find((f) => f.matches(b.type));
      if (feature && !(edition === 'openbao' && feature.openbao)) {
        out.push(stackFinding(this, ctx, b, { found: `${b.type} needs ${feature.feature} of Vault Enterprise; ${custodian}`, allowed }));
      }
      if (!b.unknown.has('seal_wrap') && isTrue(b.values.seal_wrap)) {
        out.push(stackFinding(this, ctx, b, { attribute: 'seal_wrap', found: `seal_wrap = true needs seal wrapping of Vault Enterprise; ${custodian}`, allowed }));
      }
    }
    return out;
  },
};
