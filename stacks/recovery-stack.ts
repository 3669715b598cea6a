import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { VsphereProvider } from '@cdktf/provider-vsphere/lib/provider';
import { TenantRecovery, type TenantRecoveryProps } from '../constructs/tenant-recovery';
import { assertResidency } from '../constructs/tenant-placement';
import { tenantReach } from '../policy/tenant-rules/net';
import { recoveryPlacement, recoveryStackName } from '../policy/tenant-rules/avl';
import { addBackendOf } from './state-backend';
import { PROVIDER_VERSIONS } from './tenant-stack';
import { ToolkitStack } from './toolkit-stack';

/** Props of {@link RecoveryStack}. */
export type RecoveryStackProps = TenantRecoveryProps;

/**
 * One Terraform stack per tenant that declares a recovery site, `<tenant>-recovery`, applied against the recovery
 * site's own vCenter: what {@link TenantRecovery} prepares there. Its state goes where the recovery site's
 * `stateBackend` says, under the stack's name; vCenter credentials come from the environment, as for the primary.
 */
export class RecoveryStack extends ToolkitStack {
  readonly recovery: TenantRecovery;

  constructor(scope: Construct, readonly props: RecoveryStackProps) {
    super(scope, recoveryStackName(props.spec.name));
    const { spec, recoverySite } = props;
    const primary = { tenant: spec.name, site: props.site, classification: props.classification, catalogue: props.catalogue, custodians: props.custodians };
    // Every rule, the state rules included, before anything is added: the recovery site's findings name it.
    const declared = { keys: spec.keys, reach: tenantReach(spec), vms: spec.vms, recovery: recoveryPlacement(spec.recovery, props.catalogue ?? [props.site, recoverySite]) };
    assertResidency('RecoveryStack', primary, ['compute', 'keys', 'network', 'state'], declared);
    addBackendOf(this, recoverySite, recoveryStackName(spec.name));

    const vsphere = new VsphereProvider(this, 'vsphere', { vsphereServer: recoverySite.vsphere.server, user: 'from-environment', password: 'from-environment', allowUnverifiedSsl: false });
    vsphere.addOverride('user', undefined);
    vsphere.addOverride('password', undefined);
    this.addOverride('terraform.required_providers.vsphere.version', PROVIDER_VERSIONS.vsphere);

    this.recovery = new TenantRecovery(this, 'recovery', props);
    new TerraformOutput(this, 'port_group', { value: this.recovery.network.portGroup.name, description: 'Tenant port group at the recovery site' });
    new TerraformOutput(this, 'recovery_mode', {
      value: `${spec.recovery!.mode} recovery of ${spec.name} (primary ${props.site.id}) at ${recoverySite.id}`,
      description: 'What stands ready at the recovery site',
    });
    const replica = (props.site.vault.replication ?? []).find((r) => r.site === recoverySite.id);
    new TerraformOutput(this, 'vault_keys', {
      value: replica
        ? `${recoverySite.vault.address}: ${replica.mode} secondary of ${props.site.vault.address}${replica.mode === 'disaster-recovery' ? ' (promote it before use)' : ''}`
        : recoverySite.vault.address,
      description: "Where the tenant's transit keys are at the recovery site",
    });
  }
}
