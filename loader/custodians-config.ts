import { underDomain } from '../policy/hosts';
import type { Custodian, Site } from '../policy/model';
import type { ConfigProblem } from './config-error';
import type { YamlFile } from './yaml-file';

/**
 * What the schema cannot say about `custodians:` in `sites.yaml`: a custodian's domain that is also a site's (a
 * host under it would be both the site's own and the custodian's, and the site's always wins).
 */
export function custodianProblems(custodians: readonly Custodian[], sites: readonly Site[], yaml: YamlFile): ConfigProblem[] {
  return custodians.flatMap((c, i) =>
    c.domains.flatMap((domain, j) => {
      const site = sites.find((s) => s.domains.some((d) => underDomain(domain, d)));
      if (!site) return [];
      return [
        yaml.problem(
          `custodians[${i}].domains[${j}]`,
          `domain ${domain} of custodian ${c.id} is under the domains of site ${site.id} (${site.domains.join(', ')}): its hosts would be the site's own, never the custodian's`,
          `give custodian ${c.id} the DNS suffix of its own hosts, or remove it: hosts of site ${site.id} need no custodian`,
        ),
      ];
    }),
  );
}

/**
 * What the schema cannot say about a site's audit retention (`sites[index].vault`): `auditRetentionDays` is the
 * collector's, so a site without `auditCollector` cannot declare it.
 */
export function auditRetentionProblems(site: Site, index: number, yaml: YamlFile): ConfigProblem[] {
  if (site.vault.auditRetentionDays === undefined || site.vault.auditCollector) return [];
  return [
    yaml.problem(
      `sites[${index}].vault.auditRetentionDays`,
      `auditRetentionDays is how long the audit collector keeps audit logs, and site ${site.id} has no vault.auditCollector`,
      "declare how long the Vault servers keep their own audit files as vault.localAuditRetentionDays, or add the site's vault.auditCollector",
    ),
  ];
}
