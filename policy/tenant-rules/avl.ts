/**
 * Availability rules over declared tenants (AVL): VM groups spread over hosts, and a recovery site that is another
 * site, far enough from the primary, and able to open the tenant's keys. Availability is the seed's first pillar of
 * sovereignty (PQ 3639 ¶1). The recovery site is also judged by every other tenant rule, as the primary is: that is
 * `recoveryFindings`, called by the catalogue, whose findings keep their rule ids and name the recovery site.
 */
import type { Finding } from '../finding';
import type { Site, TenantRecovery } from '../model';
import { formatSources, type Source } from '../source';
import { PQ3639_AVAILABILITY } from '../pq-3639';
import { placementIssues } from './res';
import type { TenantPolicyInput, TenantRecoveryPlacement, TenantRule } from './tenant-rule';
import { listOf } from './site-suggestions';

/** The suffix of a tenant's recovery stack. */
export const RECOVERY_STACK_SUFFIX = '-recovery';

/** The name of a tenant's recovery stack (`dsp-ng-recovery`). */
export const recoveryStackName = (tenant: string): string => `${tenant}${RECOVERY_STACK_SUFFIX}`;

/** The field of the tenant file that names the recovery site. */
export const RECOVERY_FIELD = 'recovery.site';

/** The classification's own sources where it names them, else the rule's. */
const cite = (own: readonly Source[] | undefined, rule: TenantRule) => formatSources(own?.length ? own : rule.sources);

const VAULT_REPLICATION = 'Vault Enterprise docs, "Replication support in Vault" (developer.hashicorp.com/vault/docs/enterprise/replication: an Enterprise feature; a disaster-recovery secondary serves no request until promoted)';
const KMIP_CLUSTER = 'vSphere API, KmipClusterInfo (all KMIP servers with the same clusterId provide the same keys); PowerCLI Export-KeyProvider (a Native Key Provider is exported to be restored elsewhere)';

/**
 * Why the tenants of `primary` could not open their keys at `recovery`, one reason a line; empty when they can. VM
 * encryption and vTPM need the primary's key provider in the recovery site's vCenter; the transit keys need the
 * primary's Vault replicated to the recovery site's (or the same Vault cluster).
 */
export function recoveryKeyGaps(primary: Site, recovery: Site): string[] {
  const gaps: string[] = [];
  const kp = primary.vsphere.keyProvider;
  if (kp) {
    const shared =
      recovery.vsphere.keyProvider === kp &&
      ((primary.vsphere.keyProviderSharedWith ?? []).includes(recovery.id) || (recovery.vsphere.keyProviderSharedWith ?? []).includes(primary.id));
    if (!shared) {
      gaps.push(
        recovery.vsphere.keyProvider
          ? `its vCenter's key provider "${recovery.vsphere.keyProvider}" is not shared with key provider "${kp}" of site ${primary.id} (vsphere.keyProviderSharedWith): encrypted VMs and vTPMs of the primary cannot be opened there`
          : `its vCenter has no key provider: encrypted VMs and vTPMs of site ${primary.id} (key provider "${kp}") cannot be opened there`,
      );
    }
  }
  const sameVault = primary.vault.address === recovery.vault.address;
  const replicated = (primary.vault.replication ?? []).find((r) => r.site === recovery.id);
  if (!sameVault && !replicated) {
    gaps.push(
      primary.vault.edition === 'enterprise'
        ? `the Vault of site ${primary.id} does not replicate to the Vault of site ${recovery.id} (vault.replication): the tenant's transit keys are not there`
        : `the Vault of site ${primary.id} is ${primary.vault.edition === 'openbao' ? 'OpenBao' : 'community Vault'}, which has no replication: the tenant's transit keys exist only there`,
    );
  }
  return gaps;
}

/** Sites of the catalogue the tenant could recover at: not its own, the classification's placement rules allow them, and its keys reach them. */
function recoverySuggestions(input: TenantPolicyInput): string {
  const ok = (input.catalogue ?? [])
    .filter((s) => s.id !== input.site.id && placementIssues(s, input.classification).every((i) => i.severity !== 'error') && recoveryKeyGaps(input.site, s).length === 0)
    .map((s) => s.id);
  return ok.length ? `e.g. ${ok.slice(0, 3).join(', ')}` : 'no registered site qualifies: register one in config/sites.yaml, with its key provider shared and the Vault replicated';
}

/** AVL-02: a group opts out of spread only where the classification does not demand spread. */
export const AVL_02: TenantRule = {
  id: 'AVL-02',
  title: 'A VM group opts out of spread only where the classification allows it',
  severity: 'error',
  rationale: 'Where the classification demands that the VMs of a group run on different hosts (availability.spread), a tenant cannot opt a group out: the whole service would go with one host.',
  sources: [PQ3639_AVAILABILITY],
  concerns: ['compute'],
  check(input) {
    const spread = input.classification.availability?.spread;
    if (!spread?.value) return [];
    return (input.vms ?? []).flatMap((g, i) =>
      g.spread?.disabled
        ? [
            {
              ruleId: this.id,
              severity: this.severity,
              tenant: input.tenant,
              field: `vms[${i}].spread`,
              found: `VM group "${g.name}" opts out of spread ("${g.spread.reason}")`,
              allowed: `classification ${input.classification.id} demands that every group of two or more runs on different hosts`,
              fix: `remove spread from vms[${i}]: the group gets an anti-affinity rule in the site's cluster`,
              source: cite(spread.source, this),
            },
          ]
        : [],
    );
  },
};

/** AVL-03: where the classification requires a recovery site, the tenant declares one. */
export const AVL_03: TenantRule = {
  id: 'AVL-03',
  title: 'A tenant declares a recovery site where its classification requires one',
  severity: 'error',
  rationale: 'A tenant on one site loses access to its data and services with that site; where the classification requires it, a second site is prepared, under the same residency rules.',
  sources: [PQ3639_AVAILABILITY],
  concerns: ['placement'],
  check(input) {
    const required = input.classification.availability?.recoveryRequired;
    // Only where the caller says what the tenant declares: `recovery: null` means it declares none.
    if (!required?.value || input.recovery !== null) return [];
    return [
      {
        ruleId: this.id,
        severity: this.severity,
        tenant: input.tenant,
        field: 'recovery',
        found: `tenant ${input.tenant} declares no recovery site`,
        allowed: `classification ${input.classification.id} requires a recovery site`,
        fix: `declare recovery: { site: <site>, mode: cold | warm } (${recoverySuggestions(input)})`,
        source: cite(required.source, this),
      },
    ];
  },
};

/** AVL-04: the recovery site is another site and, where the classification says so, another operator's. */
export const AVL_04: TenantRule = {
  id: 'AVL-04',
  title: "The recovery site is another site, and another operator's where the classification says so",
  severity: 'error',
  rationale: 'A recovery site that is the primary site, or that the same operator runs where the classification asks for another operator, is lost with the primary.',
  sources: [PQ3639_AVAILABILITY],
  concerns: ['placement'],
  check(input) {
    const r = input.recovery;
    if (!r) return [];
    const distance = input.classification.availability?.recoveryDistance;
    const finding = (found: string, allowed: string): Finding => ({
      ruleId: this.id,
      severity: this.severity,
      tenant: input.tenant,
      field: RECOVERY_FIELD,
      found: `recovery site ${r.site.id}: ${found}`,
      allowed,
      fix: `choose another recovery site (${recoverySuggestions(input)})`,
      source: cite(distance?.source, this),
    });
    if (r.site.id === input.site.id) return [finding(`it is the tenant's own site: the replica would be lost with the primary`, 'a recovery site other than the primary site')];
    if (distance?.value === 'another-operator' && r.site.operator === input.site.operator) {
      return [finding(`it is run by ${r.site.operator}, the operator of the primary site ${input.site.id}`, `classification ${input.classification.id} requires a recovery site run by another operator`)];
    }
    return [];
  },
};

/** AVL-05: the recovery site can open the tenant's keys. */
export const AVL_05: TenantRule = {
  id: 'AVL-05',
  title: "The recovery site can reach the tenant's keys: the primary's key provider and a replica of its Vault",
  severity: 'error',
  rationale:
    'VMs encrypted with the key provider of the primary site boot only where that key provider is, and the transit keys of the tenant exist only in Vault clusters that replicate them. ' +
    'A recovery site without both holds VMs that cannot boot and data that cannot be read: it is refused rather than synthesized.',
  sources: [PQ3639_AVAILABILITY],
  concerns: ['placement'],
  check(input) {
    const r = input.recovery;
    if (!r || r.site.id === input.site.id) return [];
    const gaps = recoveryKeyGaps(input.site, r.site);
    if (!gaps.length) return [];
    return [
      {
        ruleId: this.id,
        severity: this.severity,
        tenant: input.tenant,
        field: RECOVERY_FIELD,
        found: `recovery site ${r.site.id} cannot reach the tenant's keys: ${gaps.join('; ')}`,
        allowed: `a site sharing the key provider of ${input.site.id} (${input.site.vsphere.keyProvider ?? 'none'}) and receiving its Vault's replication (${listOf((input.site.vault.replication ?? []).map((x) => `${x.site} ${x.mode}`))})`,
        fix: `choose a recovery site that holds the keys (${recoverySuggestions(input)}), or record the shared key provider and the Vault replication in config/sites.yaml once they exist`,
        source: `${formatSources(this.sources)}; standard: ${VAULT_REPLICATION}; standard: ${KMIP_CLUSTER}`,
      },
    ];
  },
};

/** The availability rules over declared tenants, in report order. */
export const AVAILABILITY_RULES: readonly TenantRule[] = [AVL_02, AVL_03, AVL_04, AVL_05];

/**
 * The findings of the tenant as placed at its recovery site, from `atRecovery` (every other rule evaluated there),
 * less those the primary has too (`atPrimary`): each keeps its rule id, points at `recovery.site` and says that the
 * replica breaks the rule.
 */
export function recoveryFindings(input: TenantPolicyInput, atPrimary: readonly Finding[], atRecovery: readonly Finding[]): Finding[] {
  const r = input.recovery;
  if (!r || r.site.id === input.site.id) return [];
  const same = new Set(atPrimary.map((f) => `${f.ruleId}|${f.field}|${f.found}`));
  return atRecovery
    .filter((f) => !same.has(`${f.ruleId}|${f.field}|${f.found}`))
    .map((f) => ({
      ...f,
      field: f.field === 'site' ? RECOVERY_FIELD : `${RECOVERY_FIELD} (${f.field})`,
      found: `recovery site ${r.site.id}: ${f.found} (the replica at the recovery site breaks this rule)`,
      fix: f.field === 'site' ? `choose a recovery site the rule allows (${recoverySuggestions(input)})` : `choose a recovery site the rule allows (${recoverySuggestions(input)}), or at ${r.site.id}: ${f.fix}`,
    }));
}

/**
 * What the recovery rules are asked about a tenant's `recovery` declaration: the site from `catalogue`, `null` where
 * it declares none, and undefined where the catalogue lacks the site (the loader refuses that first).
 */
export function recoveryPlacement(recovery: TenantRecovery | undefined, catalogue: readonly Site[] | undefined): TenantRecoveryPlacement | null | undefined {
  if (!recovery) return null;
  const site = catalogue?.find((s) => s.id === recovery.site);
  return site ? { site, mode: recovery.mode } : undefined;
}
