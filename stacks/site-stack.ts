import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { Audit } from '@cdktf/provider-vault/lib/audit';
import type { Site } from '../policy/model';
import { siteAuditDevices, siteStackName, type SiteAuditDevice, type SiteTenant } from '../policy/site-audit';
import { addBackendOf } from './state-backend';
import { PROVIDER_VERSIONS } from './tenant-stack';

/** Props of {@link SiteStack}. */
export interface SiteStackProps {
  readonly site: Site;
  /** The tenants placed at the site (their classifications set the retention the devices name). */
  readonly tenants: readonly SiteTenant[];
}

/**
 * One Terraform stack per site in use, `site-<id>`, holding what belongs to the site rather than to a tenant: the
 * Vault audit devices, which are cluster-wide (each records every namespace's requests). On Vault CE and
 * Enterprise they are `vault_audit` resources in the root namespace ({@link siteAuditDevices}); OpenBao 2.3.2 and
 * later refuse `sys/audit`, so an `openbao` site's stack holds no device, and synthesis writes the declarative
 * stanzas for the server config instead (`sites/<id>/openbao-audit.hcl`). State goes where the site's
 * `stateBackend` says, under the stack's name.
 */
export class SiteStack extends TerraformStack {
  /** The devices of the site, created here or (OpenBao) declared in the server config. */
  readonly devices: readonly SiteAuditDevice[];
  readonly auditResources: Audit[] = [];

  constructor(scope: Construct, readonly props: SiteStackProps) {
    super(scope, siteStackName(props.site.id));
    const { site } = props;
    addBackendOf(this, site, siteStackName(site.id));
    new VaultProvider(this, 'vault', { address: site.vault.address, skipTlsVerify: false });
    this.addOverride('terraform.required_providers.vault.version', PROVIDER_VERSIONS.vault);
    this.devices = siteAuditDevices(site, props.tenants);
    if (site.vault.edition !== 'openbao') {
      for (const d of this.devices) {
        this.auditResources.push(new Audit(this, `audit-${d.path}`, { type: d.type, path: d.path, description: d.description, options: { ...d.options } }));
      }
    }
    new TerraformOutput(this, 'audit_devices', {
      value: this.devices.map((d) => `${d.path}: ${d.type}`).join(', '),
      description: site.vault.edition === 'openbao' ? `Audit devices declared in the OpenBao server config (sites/${site.id}/openbao-audit.hcl)` : 'Audit devices of the site',
    });
  }
}
