import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { GovCloudConfig, LoadedTenant } from '../loader/load-config';
import type { RecoveryMode, Site } from '../policy/model';
import { recoveryStackName } from '../policy/tenant-rules/avl';

/** One place where a copy of the tenant's data lives: its primary site, or its recovery site. */
export interface ReplicaPlace {
  readonly role: 'primary' | 'recovery';
  readonly site: string;
  readonly name: string;
  readonly country: string;
  readonly operator: string;
  readonly operatorJurisdictions: readonly string[];
  /** What stands ready there (recovery only): `cold` or `warm`. */
  readonly mode?: RecoveryMode;
  /** How the tenant's keys reach the place. */
  readonly keys: string;
  /** The stack that builds it there, and its SHA-256, where it was synthesized. */
  readonly stack?: { readonly file: string; readonly sha256: string };
}

/** Where the tenant's data lives: its primary site, and its recovery site if it declares one. */
export function replicaPlaces(config: GovCloudConfig, tenant: LoadedTenant, stackFile: string): ReplicaPlace[] {
  const spec = tenant.spec;
  const primary = config.sites.get(spec.site)!;
  const places: ReplicaPlace[] = [place('primary', primary, `Vault ${primary.vault.address} (${primary.vault.edition}); vCenter key provider ${primary.vsphere.keyProvider ?? 'none'}`, stackOf(stackFile))];
  if (spec.recovery) {
    const r = config.sites.get(spec.recovery.site)!;
    const replica = (primary.vault.replication ?? []).find((x) => x.site === r.id);
    const vault = primary.vault.address === r.vault.address ? `the primary's Vault ${r.vault.address}` : `Vault ${r.vault.address}${replica ? `, ${replica.mode} secondary of ${primary.vault.address}` : ''}`;
    const recoveryFile = path.join(path.dirname(path.dirname(stackFile)), recoveryStackName(spec.name), 'cdk.tf.json');
    places.push({ ...place('recovery', r, `${vault}; vCenter key provider ${r.vsphere.keyProvider ?? 'none'} (shared with ${primary.id})`, stackOf(recoveryFile)), mode: spec.recovery.mode });
  }
  return places;
}

function place(role: ReplicaPlace['role'], site: Site, keys: string, stack: ReplicaPlace['stack']): ReplicaPlace {
  return { role, site: site.id, name: site.name, country: site.country, operator: site.operator, operatorJurisdictions: site.operatorJurisdictions, keys, ...(stack ? { stack } : {}) };
}

function stackOf(file: string): ReplicaPlace['stack'] {
  if (!fs.existsSync(file)) return undefined;
  return { file: `${path.basename(path.dirname(file))}/cdk.tf.json`, sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
}

/** The replicas as Markdown table rows. */
export function replicaRows(places: readonly ReplicaPlace[]): string[] {
  return [
    '| role | site | country | operator (jurisdictions) | keys | stack |',
    '| --- | --- | --- | --- | --- | --- |',
    ...places.map(
      (p) =>
        `| ${p.role}${p.mode ? ` (${p.mode})` : ''} | ${p.site}: ${p.name} | ${p.country} | ${p.operator} (${p.operatorJurisdictions.join(', ')}) | ${p.keys} | ${p.stack ? `\`${p.stack.file}\` sha256 \`${p.stack.sha256}\`` : 'not synthesized'} |`,
    ),
  ];
}
