import { Construct } from 'constructs';
import { TagCategory } from '@cdktf/provider-vsphere/lib/tag-category';
import { Tag } from '@cdktf/provider-vsphere/lib/tag';
import { assertResidency } from './tenant-placement';
import type { TenantPlacement } from '../policy/placement';

/** Props of {@link TenantTags}. */
export type TenantTagsProps = TenantPlacement;

/** The vSphere object types the tenant's tags may be attached to. */
const ASSOCIABLE_TYPES = ['VirtualMachine', 'Folder', 'ResourcePool', 'DistributedVirtualPortgroup'];

/**
 * The tenant's vSphere tags: single-cardinality categories `tenant`, `classification` and `site` (so an object
 * can never carry two classifications), each with the tenant's one tag. Categories are named after the tenant
 * (`dsp-ng-classification`): vCenter category names are global and each tenant is its own Terraform stack, so
 * a shared category would be claimed by every stack.
 */
export class TenantTags extends Construct {
  /** Ids of the tenant, classification and site tags, to attach to every tenant object. */
  readonly tagIds: string[];

  constructor(scope: Construct, id: string, props: TenantTagsProps) {
    super(scope, id);
    assertResidency('TenantTags', props, []);
    const values: [string, string, string][] = [
      ['tenant', props.tenant, `Tenant that owns the object`],
      ['classification', props.classification.id, `Data classification: ${props.classification.description}`],
      ['site', props.site.id, `Site the object is placed in: ${props.site.name}`],
    ];
    this.tagIds = values.map(([category, value, description]) => {
      const cat = new TagCategory(this, `${category}-category`, {
        name: `${props.tenant}-${category}`,
        description,
        cardinality: 'SINGLE',
        associableTypes: ASSOCIABLE_TYPES,
      });
      return new Tag(this, `${category}-tag`, { name: value, categoryId: cat.id, description: `${category} ${value}` }).id;
    });
  }
}
