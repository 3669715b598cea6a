import type { Site, TenantSpec } from '../policy/model';
import type { ConfigProblem } from './config-error';
import type { YamlFile } from './yaml-file';
import { RECOVERY_STACK_SUFFIX } from '../policy/tenant-rules/avl';

/**
 * What a site records about where its keys are too: `vsphere.keyProviderSharedWith` names registered sites that record
 * the same key provider; `vault.replication` is Vault Enterprise's (community Vault and OpenBao have none), to
 * registered sites other than itself whose Vault is Enterprise too.
 */
export function siteKeySharingProblems(sites: readonly Site[], yaml: YamlFile): ConfigProblem[] {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const ids = [...byId.keys()].join(', ');
  return sites.flatMap((site, i) => {
    const out: ConfigProblem[] = [];
    (site.vsphere.keyProviderSharedWith ?? []).forEach((id, j) => {
      const field = `sites[${i}].vsphere.keyProviderSharedWith[${j}]`;
      const other = byId.get(id);
      if (!other) out.push(yaml.problem(field, `unknown site "${id}"`, `use a site id of sites.yaml: ${ids}`));
      else if (id === site.id) out.push(yaml.problem(field, `site ${site.id} shares its key provider with itself`, 'name other sites only'));
      else if (!site.vsphere.keyProvider || other.vsphere.keyProvider !== site.vsphere.keyProvider) {
        out.push(
          yaml.problem(
            field,
            `site ${site.id} records key provider "${site.vsphere.keyProvider ?? 'none'}" and site ${id} "${other.vsphere.keyProvider ?? 'none'}": a shared key provider has the same name in both vCenters`,
            `give both sites the same vsphere.keyProvider, or remove ${id} from keyProviderSharedWith`,
          ),
        );
      }
    });
    (site.vault.replication ?? []).forEach((r, j) => {
      const field = `sites[${i}].vault.replication[${j}]`;
      const other = byId.get(r.site);
      if (site.vault.edition !== 'enterprise') {
        out.push(
          yaml.problem(
            `sites[${i}].vault.replication`,
            `site ${site.id} runs ${site.vault.edition === 'openbao' ? 'OpenBao' : 'community Vault'}, which has no replication (Vault's disaster-recovery and performance replication are Enterprise features)`,
            'remove vault.replication: the keys of this site are nowhere else, so no other site can recover its tenants',
          ),
        );
      } else if (!other) out.push(yaml.problem(`${field}.site`, `unknown site "${r.site}"`, `use a site id of sites.yaml: ${ids}`));
      else if (r.site === site.id) out.push(yaml.problem(`${field}.site`, `site ${site.id} replicates to itself`, 'name the site of the secondary cluster'));
      else if (other.vault.edition !== 'enterprise') {
        out.push(yaml.problem(`${field}.site`, `site ${r.site} runs ${other.vault.edition}: a replication secondary is a Vault Enterprise cluster`, `remove ${r.site} from vault.replication`));
      }
    });
    return out;
  });
}

/**
 * What a tenant's `recovery` must name: a registered site; for a warm recovery, one whose content library holds the
 * tenant's templates (the VMs are cloned there too). Whether the site may hold the tenant is for the rules to say.
 */
export function recoveryProblems(spec: TenantSpec, sites: ReadonlyMap<string, Site>, yaml: YamlFile, sitesBroken: boolean): ConfigProblem[] {
  if (!spec.recovery) return [];
  const site = sites.get(spec.recovery.site);
  if (!site) {
    return sitesBroken ? [] : [yaml.problem('recovery.site', `unknown site "${spec.recovery.site}"`, `use a site id from sites.yaml: ${[...sites.keys()].join(', ')}`)];
  }
  if (spec.recovery.mode !== 'warm') return [];
  return spec.vms.flatMap((vm, i) =>
    site.vsphere.templates.some((t) => t.name === vm.template)
      ? []
      : [
          yaml.problem(
            `vms[${i}].template`,
            `template "${vm.template}" is not in the content library of recovery site ${site.id}, where a warm recovery clones the VMs too`,
            `add the template to vsphere.templates of ${site.id}, use one of: ${site.vsphere.templates.map((t) => t.name).join(', ')}, or declare recovery.mode: cold`,
          ),
        ],
  );
}

/**
 * A tenant named `<other>-recovery` where `<other>` declares a recovery site: both stacks would have one name. And a
 * VLAN the recovery site's port group would take from a tenant there (its own or another's recovery).
 */
export function recoveryClashProblems(tenants: readonly { spec: TenantSpec; file: string; position(field: string): { file: string; line: number } }[]): ConfigProblem[] {
  const names = new Set(tenants.map((t) => t.spec.name));
  const out: ConfigProblem[] = [];
  const vlans = new Map<string, string>();
  for (const t of tenants) vlans.set(`${t.spec.site}/${t.spec.network.vlan}`, `tenant ${t.spec.name} (${t.file})`);
  for (const t of tenants) {
    const r = t.spec.recovery;
    if (!r) continue;
    if (names.has(`${t.spec.name}${RECOVERY_STACK_SUFFIX}`)) {
      out.push({ ...t.position('name'), field: 'name', message: `tenant ${t.spec.name}${RECOVERY_STACK_SUFFIX} exists, and the recovery stack of ${t.spec.name} has that name`, fix: `rename tenant ${t.spec.name}${RECOVERY_STACK_SUFFIX}` });
    }
    const key = `${r.site}/${t.spec.network.vlan}`;
    const holder = vlans.get(key);
    if (holder && r.site !== t.spec.site) {
      out.push({ ...t.position('network.vlan'), field: 'network.vlan', message: `VLAN ${t.spec.network.vlan} of the recovery port group at site ${r.site} is already used there by ${holder}`, fix: `choose a VLAN id no tenant uses at ${t.spec.site} or ${r.site}` });
    } else vlans.set(key, `the recovery of tenant ${t.spec.name} (${t.file})`);
  }
  return out;
}
