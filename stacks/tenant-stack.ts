import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { VaultProvider } from '@cdktf/provider-vault/lib/provider';
import { GovCloudTenant, type GovCloudTenantProps } from '../constructs/govcloud-tenant';
import { ToolkitStack } from './toolkit-stack';
import { assertResidency } from '../constructs/tenant-placement';
import { addStateBackend } from './state-backend';
import { tenantReach } from '../policy/tenant-rules/net';
import { recoveryPlacement } from '../policy/tenant-rules/avl';

/** Exact provider versions: the prebuilt bindings wrap these and nothing else (SecNumCloud 14.2.c). */
export const PROVIDER_VERSIONS = { vsphere: '2.15.0', vault: '5.6.0' } as const;

/** Placeholder for the provider arguments that are taken from the environment instead (never synthesized). */
const FROM_ENVIRONMENT = 'from-environment';

/** Props of {@link TenantStack}. */
export type TenantStackProps = GovCloudTenantProps;

/**
 * One Terraform stack per tenant, named after it. Providers point at the site's own vCenter and Vault; the
 * credentials come from the environment only (`VSPHERE_USER`, `VSPHERE_PASSWORD`, and Vault's own `VAULT_TOKEN`),
 * so none is ever written to the synthesized JSON or to a saved plan. State goes where the site's `stateBackend`
 * says ({@link addStateBackend}): local and relative to the stack folder by default, or the site's pg database or
 * s3 object store, their credentials from the environment too.
 */
export class TenantStack extends ToolkitStack {
  readonly tenant: GovCloudTenant;

  constructor(scope: Construct, readonly props: TenantStackProps) {
    super(scope, props.spec.name);
    const { spec, site } = props;
    const placement = { tenant: spec.name, site, classification: props.classification, catalogue: props.catalogue, custodians: props.custodians };
    // Every tenant rule before anything is added, so a refusal lists all violations, the state backend's included.
    assertResidency('TenantStack', placement, ['compute', 'keys', 'network', 'state'], { keys: spec.keys, reach: tenantReach(spec), vms: spec.vms, recovery: recoveryPlacement(spec.recovery, props.catalogue) });
    addStateBackend(this, placement);

    // The vCenter credentials come from VSPHERE_USER and VSPHERE_PASSWORD, which the provider reads when the
    // arguments are absent. Not Terraform variables: Terraform writes every variable's value, sensitive or not,
    // in clear into the saved plan (`terraform show -json` prints it), and plans are kept as review artefacts.
    const vsphere = new VsphereProvider(this, 'vsphere', {
      vsphereServer: site.vsphere.server,
      // The prebuilt binding requires both arguments; the overrides below remove them from the JSON.
      user: FROM_ENVIRONMENT,
      password: FROM_ENVIRONMENT,
      allowUnverifiedSsl: false,
    });
    vsphere.addOverride('user', undefined);
    vsphere.addOverride('password', undefined);
    new VaultProvider(this, 'vault', { address: site.vault.address, skipTlsVerify: false });
    this.addOverride('terraform.required_providers.vsphere.version', PROVIDER_VERSIONS.vsphere);
    this.addOverride('terraform.required_providers.vault.version', PROVIDER_VERSIONS.vault);

    this.tenant = new GovCloudTenant(this, 'tenant', props);

    const keys = this.tenant.keys;
    new TerraformOutput(this, 'port_group', { value: this.tenant.network.portGroup.name, description: 'Tenant port group' });
    new TerraformOutput(this, 'vault_namespace', { value: keys.namespace?.path ?? '', description: 'Tenant Vault namespace (empty on editions without namespaces)' });
    new TerraformOutput(this, 'transit_key', { value: `${keys.mountPrefix}transit/keys/${props.spec.name}-data`, description: 'Tenant data key' });
    new TerraformOutput(this, 'automation_role', { value: keys.automationRole.roleName, description: 'AppRole of the tenant automation' });
  }
}
