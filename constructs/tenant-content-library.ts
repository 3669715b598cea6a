import { Construct } from 'constructs';
import { ContentLibrary } from '@cdktf/provider-vsphere/lib/content-library';
import { ContentLibraryItem } from '@cdktf/provider-vsphere/lib/content-library-item';
import type { TenantContentLibrary as LibrarySpec } from '../policy/model';
import type { SiteInventory } from './site-inventory';
import { assertResidency } from './tenant-placement';
import type { TenantPlacement } from '../policy/placement';

/** Props of {@link TenantContentLibrary}. */
export interface TenantContentLibraryProps extends TenantPlacement {
  /** The site's looked-up objects; the library is backed by the site datastore. */
  readonly inventory: SiteInventory;
  /** What the tenant declares: a subscription URL, or items to import from URLs. */
  readonly library: LibrarySpec;
}

/**
 * A content library of the tenant's own, beside the site's approved one. Refuses (NET-01, NET-02) a
 * subscription or an item URL on a host its site may not reach, and in an enclave on any host outside it,
 * before the library exists. A subscribed library syncs on demand only: nothing is pulled until a VM needs it.
 */
export class TenantContentLibrary extends Construct {
  readonly library: ContentLibrary;
  /** The imported items, in declaration order. */
  readonly items: ContentLibraryItem[];

  constructor(scope: Construct, id: string, props: TenantContentLibraryProps) {
    super(scope, id);
    assertResidency('TenantContentLibrary', props, ['network'], { reach: { contentLibrary: props.library } });
    const { tenant, library } = props;
    if (library.subscriptionUrl !== undefined && library.items.length) {
      throw new Error(`TenantContentLibrary: tenant ${tenant}: a subscribed library cannot hold items of its own; give either contentLibrary.subscriptionUrl or contentLibrary.items`);
    }
    this.library = new ContentLibrary(this, 'library', {
      name: `${tenant}-library`,
      description: `Content library of tenant ${tenant} (${props.classification.id})`,
      storageBacking: [props.inventory.datastore.id],
      subscription: library.subscriptionUrl !== undefined ? { subscriptionUrl: library.subscriptionUrl, automaticSync: false, onDemand: true } : undefined,
    });
    this.items = library.items.map(
      (item) => new ContentLibraryItem(this, `item-${item.name}`, { name: item.name, libraryId: this.library.id, fileUrl: item.url }),
    );
  }
}
