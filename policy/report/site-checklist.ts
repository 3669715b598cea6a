/**
 * What vCenter and Vault of a site must hold before any tenant stack is applied there: the objects the stacks look
 * up by name and cannot create, and the settings the pinned providers cannot set or silently leave to the site
 * (docs/provider-facts.md, rows V1-V10 and K1-K5). `govcloud site-checklist SITE` prints it.
 */
import type { Site } from '../model';

/** One thing the site must hold, where, why, and the provider fact that makes it the site's business. */
export interface ChecklistItem {
  readonly system: 'vCenter' | 'Vault';
  readonly item: string;
  readonly why: string;
  /** Rows of docs/provider-facts.md this item rests on. */
  readonly facts: readonly string[];
}

/** The checklist of a site, with the tenants that stand on it. */
export interface SiteChecklist {
  readonly site: string;
  readonly name: string;
  readonly tenants: readonly string[];
  readonly items: readonly ChecklistItem[];
}

/** Formats `govcloud site-checklist --format` takes. */
export const CHECKLIST_FORMATS = ['text', 'json'] as const;
export type ChecklistFormat = (typeof CHECKLIST_FORMATS)[number];

/** The checklist of `site`; `tenants` are the tenants of the config placed there. */
export function siteChecklist(site: Site, tenants: readonly string[]): SiteChecklist {
  const v = site.vsphere;
  const items: ChecklistItem[] = [
    {
      system: 'vCenter',
      item: v.keyProvider
        ? `key provider "${v.keyProvider}" registered and set as the default key provider of vCenter ${v.server}`
        : `a key provider registered and set as the default key provider of vCenter ${v.server} (the catalogue names none: add vsphere.keyProvider)`,
      why: 'the provider has no key-provider setting: VM encryption and every vTPM use vCenter\'s default key provider',
      facts: ['V5'],
    },
    {
      system: 'vCenter',
      item: v.encryptionPolicy
        ? `storage policy "${v.encryptionPolicy}" with a host-based encryption rule (VM Encryption)`
        : 'a storage policy with an encryption rule (the catalogue names none: add vsphere.encryptionPolicy, or tenants get unencrypted VMs)',
      why: 'the stacks find the policy by name only; a policy of that name without an encryption rule gives unencrypted VMs and no error',
      facts: ['V3', 'V4', 'V5'],
    },
    {
      system: 'vCenter',
      item: `distributed switch "${v.distributedSwitch}" in datacenter "${v.datacenter}" whose default port policy rejects promiscuous mode, forged transmits and MAC address changes`,
      why: 'the provider never sends false for the three flags, so each tenant port group inherits the switch defaults',
      facts: ['V1', 'V2'],
    },
    { system: 'vCenter', item: `datacenter "${v.datacenter}", cluster "${v.cluster}", datastore "${v.datastore}"`, why: 'looked up by name by every tenant stack (SiteInventory)', facts: [] },
    {
      system: 'vCenter',
      item: `content library "${v.contentLibrary}"`,
      why: 'tenant VMs are cloned from its items; an HTTPS subscription to it needs its certificate trusted by the subscribing vCenter (no ssl_thumbprint is sent)',
      facts: ['V9'],
    },
    ...v.templates.map((t) => ({
      system: 'vCenter' as const,
      item: `template "${t.name}" (${v.templateType}) in "${v.contentLibrary}": ${t.firmware.toUpperCase()} firmware, hardware version ${t.hardwareVersion}, guest id ${t.guestId}, as recorded in config/sites.yaml`,
      why:
        'VMs take the recorded firmware and hardware version (14 or later, EFI with secure boot, where a vTPM is requested; the loader refuses a template that cannot hold one): ' +
        'a recorded version below the real one fails the apply (no downgrade), a wrong firmware leaves the VM unbootable, and the guest id is the template\'s own',
      facts: ['V6', 'V7', 'V8'],
    })),
    ...(v.keyProviderSharedWith?.length
      ? [
          {
            system: 'vCenter' as const,
            item: `key provider "${v.keyProvider}" is the one of ${v.keyProviderSharedWith.join(', ')} too: the same KMIP cluster registered in each vCenter, or the Native Key Provider restored from one export`,
            why: 'the sites recorded in vsphere.keyProviderSharedWith recover each other\'s tenants (AVL-05): an encrypted VM or a vTPM opens only where its key provider is',
            facts: ['V5'],
          },
        ]
      : []),
    {
      system: 'Vault',
      item: `${site.vault.edition} at ${site.vault.address}, reachable with a verified certificate`,
      why: site.vault.edition === 'community' ? 'tenants get a mount prefix (no namespaces)' : 'tenants get a namespace each',
      facts: [],
    },
    {
      system: 'Vault',
      item:
        site.vault.edition === 'openbao'
          ? `declarative audit stanzas in the server configuration (file devices under ${site.vault.auditLogDir}${site.vault.auditCollector ? `, a socket device to ${site.vault.auditCollector}` : ''})`
          : `audit devices of the site (file under ${site.vault.auditLogDir}${site.vault.auditCollector ? `, socket to ${site.vault.auditCollector}` : ''}), enabled once for the cluster`,
      why: 'audit devices are cluster-wide, and OpenBao 2.3.2 or later refuses them through sys/audit; no tenant stack should enable one',
      facts: ['K5'],
    },
    ...(site.vault.replication ?? []).map((r) => ({
      system: 'Vault' as const,
      item: `${r.mode} replication to the Vault of site ${r.site}, as a secondary of this cluster`,
      why: `site ${r.site} recovers tenants of this site only because their transit keys are replicated there (AVL-05)${r.mode === 'disaster-recovery' ? '; a disaster-recovery secondary serves nothing until promoted' : ''}`,
      facts: [],
    })),
  ];
  return { site: site.id, name: site.name, tenants: [...tenants].sort(), items };
}

/** The checklist as text (numbered items under vCenter and Vault) or JSON. */
export function renderChecklist(list: SiteChecklist, format: ChecklistFormat): string {
  if (format === 'json') return `${JSON.stringify(list, null, 2)}\n`;
  const lines = [
    `Site ${list.site} (${list.name}): what vCenter and Vault must hold before apply`,
    `tenants on this site: ${list.tenants.join(', ') || 'none'}`,
  ];
  let n = 0;
  for (const system of ['vCenter', 'Vault'] as const) {
    lines.push('', `${system}:`);
    for (const i of list.items.filter((x) => x.system === system)) {
      lines.push(`  ${++n}. ${i.item}`, `     why: ${i.why}${i.facts.length ? ` (docs/provider-facts.md ${i.facts.join(', ')})` : ''}`);
    }
  }
  lines.push('', 'After apply, `govcloud verify TENANT --state FILE` proves from the state what the stacks claim.');
  return `${lines.join('\n')}\n`;
}
