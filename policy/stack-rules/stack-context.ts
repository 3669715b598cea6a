import type { Classification, Custodian, Site } from '../model';
import { ReferenceResolver } from '../terraform/references';
import type { StackDocument } from '../terraform/stack-document';
import type { StackContext } from './stack-rule';

/**
 * The context in which rules judge `doc`: the tenant's site and classification, the whole catalogue, and the
 * registered custodians (`[]` when there are none).
 */
export function stackContext(
  doc: StackDocument,
  site: Site,
  classification: Classification,
  catalogue: readonly Site[],
  tenant = doc.stack,
  tenantNetworks: readonly string[] = [],
  custodians: readonly Custodian[] = [],
): StackContext {
  return { doc, refs: new ReferenceResolver(doc), tenant, site, classification, catalogue, tenantNetworks, custodians };
}
