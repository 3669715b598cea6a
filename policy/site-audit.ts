/**
 * The audit devices of a site's Vault (or OpenBao). Devices are cluster-wide: each one records every request of
 * every namespace, so they belong to the site, not to a tenant. Shared by the site stack that creates them
 * (Vault CE and Enterprise, through `vault_audit`), the server-config artefact that declares them (OpenBao, which
 * refuses `sys/audit` from 2.3.2 on), and the rules that judge a site stack.
 */
import type { Classification, Site } from './model';

/** One audit device: its path, type and the options Vault passes to it. */
export interface SiteAuditDevice {
  readonly path: string;
  readonly type: 'file' | 'socket';
  readonly description: string;
  readonly options: Readonly<Record<string, string>>;
}

/** A tenant placed at the site, as far as its audit devices care. */
export interface SiteTenant {
  readonly name: string;
  readonly classification: Classification;
}

/** The prefix of a site stack's name: `site-<site id>`. */
export const SITE_STACK_PREFIX = 'site-';

/** The name of the stack holding what belongs to site `siteId`. */
export const siteStackName = (siteId: string): string => `${SITE_STACK_PREFIX}${siteId}`;

/** The site a stack named `site-<id>` belongs to, if `<id>` is a registered site. */
export function siteOfStack(stack: string, sites: ReadonlyMap<string, Site>): Site | undefined {
  return stack.startsWith(SITE_STACK_PREFIX) ? sites.get(stack.slice(SITE_STACK_PREFIX.length)) : undefined;
}

/** Where the OpenBao audit stanzas of a site are written in the synth output (relative to it). */
export const openBaoAuditFile = (siteId: string): string => `sites/${siteId}/openbao-audit.hcl`;

/** The file name of {@link openBaoAuditFile}, one of the files govcloud owns in its output. */
export const OPENBAO_AUDIT_FILE_NAME = 'openbao-audit.hcl';

/** The classification of the site's tenants that asks the most of its audit devices (count, then retention). */
export function strictestAudit(tenants: readonly SiteTenant[]): Classification | undefined {
  let strictest: Classification | undefined;
  for (const { classification: c } of tenants) {
    if (
      !strictest ||
      c.auditDevices.value > strictest.auditDevices.value ||
      (c.auditDevices.value === strictest.auditDevices.value && c.auditRetentionDays.value > strictest.auditRetentionDays.value)
    ) {
      strictest = c;
    }
  }
  return strictest;
}

/**
 * The site's audit devices: a file device in `auditLogDir`, and a socket device to the site's collector when it
 * has one (the socket device has no TLS option: the collector must be reached over a network the site trusts).
 * On Vault Enterprise (1.16 and later) each tenant also gets a file device filtered to its namespace, so its own
 * log holds its requests only; the `filter` option is passed through `vault_audit.options` (provider v5.6.0 sends
 * the options map as is). Sorted by tenant, so the stack does not depend on file order.
 */
export function siteAuditDevices(site: Site, tenants: readonly SiteTenant[]): SiteAuditDevice[] {
  const strictest = strictestAudit(tenants);
  const kept = strictest ? `; keep at least ${strictest.auditRetentionDays.value} days (classification ${strictest.id})` : '';
  const dir = site.vault.auditLogDir;
  const devices: SiteAuditDevice[] = [
    { path: 'file', type: 'file', description: `Audit log of site ${site.id}, every namespace${kept}`, options: { file_path: `${dir}/audit.log`, format: 'json' } },
  ];
  if (site.vault.auditCollector) {
    devices.push({
      path: 'socket',
      type: 'socket',
      description: `Central audit collector of site ${site.id}, every namespace${kept}`,
      options: { address: site.vault.auditCollector, socket_type: 'tcp', format: 'json' },
    });
  }
  if (site.vault.edition === 'enterprise') {
    for (const t of [...tenants].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      devices.push({
        path: `file-${t.name}`,
        type: 'file',
        description: `Audit log of tenant ${t.name} (namespace ${t.name}/ only); keep at least ${t.classification.auditRetentionDays.value} days (classification ${t.classification.id})`,
        options: { file_path: `${dir}/${t.name}-audit.log`, format: 'json', filter: `namespace == "${t.name}/"` },
      });
    }
  }
  return devices;
}

/** Whether `device` records requests of tenant `tenant`: every unfiltered device does, a filtered one only its namespace's. */
export function deviceLogsTenant(device: SiteAuditDevice, tenant: string): boolean {
  return device.options.filter === undefined || device.options.filter === `namespace == "${tenant}/"`;
}

/** An HCL string literal. */
const quote = (s: string) => JSON.stringify(s);

/**
 * The OpenBao server-config stanzas that declare the site's audit devices (`audit "<type>" "<path>" { ... }`),
 * for the operator to add to every OpenBao server of the site: OpenBao 2.3.2 and later refuse `sys/audit`.
 */
export function openBaoAuditConfig(site: Site, devices: readonly SiteAuditDevice[]): string {
  const lines = [
    `# Audit devices of site ${site.id} (${site.vault.address}), written by govcloud synth: do not edit, synthesize again.`,
    '# OpenBao 2.3.2 and later refuse audit devices created through sys/audit: add these stanzas to the server',
    '# configuration of every OpenBao server of the site, then reload it (SIGHUP) or restart it.',
    '',
  ];
  for (const d of devices) {
    lines.push(`audit ${quote(d.type)} ${quote(d.path)} {`, `  description = ${quote(d.description)}`, '  options {');
    for (const key of Object.keys(d.options).sort()) lines.push(`    ${key} = ${quote(d.options[key])}`);
    lines.push('  }', '}', '');
  }
  return lines.join('\n');
}
