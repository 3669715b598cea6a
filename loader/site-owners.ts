import type { Site } from '../policy/model';
import type { ConfigProblem } from './config-error';
import type { YamlFile } from './yaml-file';

/**
 * A site whose record of owners contradicts its jurisdictions: the law of every owner's seat can reach the operator
 * (a joint venture of a Luxembourg and a Belgian company answers to both), so each owner's country must be among
 * `operatorJurisdictions`, or the placement rules would judge the site on less than the record says.
 */
export function siteOwnerProblems(site: Site, index: number, yaml: YamlFile): ConfigProblem[] {
  return (site.owners ?? []).flatMap((owner, i) =>
    site.operatorJurisdictions.includes(owner.country)
      ? []
      : [
          yaml.problem(
            `sites[${index}].owners[${i}].country`,
            `owner ${owner.name} has its seat in ${owner.country}, which is not among the operator's jurisdictions (${site.operatorJurisdictions.join(', ')})`,
            `add ${owner.country} to sites[${index}].operatorJurisdictions: the law of an owner's seat can compel the operator`,
          ),
        ],
  );
}
