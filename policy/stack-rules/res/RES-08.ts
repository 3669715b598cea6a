import { unknownAt } from '../block-values';
import { severityIn, stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { formatSources } from '../../source';
import { standard, toolkitChoice } from '../../source';
import { PQ3639_SOVEREIGNTY } from '../../pq-3639';

/** Secret engines that hold credentials of a foreign cloud and mint more of them, by resource type and by mount type. */
const CLOUD_ENGINES: Record<string, string> = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure' };
const ENGINE_TYPES = Object.keys(CLOUD_ENGINES).map((c) => `vault_${c}_secret_backend`);

export const RES_08: StackRule = {
  id: 'RES-08',
  title: 'No secret engine for a foreign cloud in a tenant namespace',
  severity: 'warning',
  rises: true,
  rationale:
    'An AWS, Google Cloud or Azure secret engine keeps root credentials of that cloud in the tenant namespace and hands out more: it couples the tenant to an operator under non-EU law. ' +
    'A warning for most data, an error for health, health-research and classified data; always an error in an air-gapped classification, which cannot reach those clouds at all.',
  fix: 'remove the secret engine from the tenant stack; a workload that truly needs a public cloud belongs to a tenant of a classification that allows it',
  sources: [
    PQ3639_SOVEREIGNTY,
    toolkitChoice('no secret engine of a cloud under non-EU law in a tenant namespace; SecNumCloud does not ask this, since the engine gives that cloud no access to tenant data'),
    standard('Vault provider docs (aws/gcp/azure_secret_backend)'),
  ],
  examines: [...ENGINE_TYPES, 'vault_mount'],
  check(ctx) {
    const out: StackFinding[] = [];
    const severity = ctx.classification.airGapped.value ? ('error' as const) : severityIn(this, ctx);
    const allowed = ctx.classification.airGapped.value
      ? `no foreign-cloud secret engine: classification ${ctx.classification.id} is air-gapped (${formatSources(ctx.classification.airGapped.source)})`
      : `no foreign-cloud secret engine in tenant ${ctx.tenant}'s namespace`;
    for (const b of ctx.doc.resources) {
      const cloud = ENGINE_TYPES.includes(b.type)
        ? b.type.replace(/^vault_|_secret_backend$/g, '')
        : b.type === 'vault_mount' && !unknownAt(b, 'type') && typeof b.values.type === 'string' && CLOUD_ENGINES[b.values.type]
          ? b.values.type
          : undefined;
      if (!cloud) continue;
      const mount = JSON.stringify(b.values.path ?? cloud);
      out.push({ ...stackFinding(this, ctx, b, { found: `${b.type === 'vault_mount' ? `mount of type "${cloud}"` : b.type} at ${mount} holds and issues ${CLOUD_ENGINES[cloud]} credentials`, allowed }), severity });
    }
    return out;
  },
};
