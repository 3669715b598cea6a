import { RISK_ORDER, type RiskLabel, type RiskReason } from '../diff/diff-model';
import type { ClassifiableChange, PlannedAttribute } from './plan-review';

/**
 * The default risk labels of a planned change. A small table on purpose: the diff engine's risk rules
 * (`policy/diff/risks/`) judge synthesized stacks, and will replace this table once both read one catalogue;
 * until then `reviewPlan` takes any classifier.
 */

/** One attribute risk: the label a change earns when it changes an attribute the table names. */
interface AttributeRisk {
  readonly rule: string;
  readonly label: RiskLabel;
  /** Attribute names, matched against every (non-index) step of a path: `vtpm` matches `vtpm.0.version`. */
  readonly names: readonly string[];
  /** Only for these resource types. @default every type */
  readonly types?: readonly string[];
  /** Not for these resource types (where the name means something else). @default none */
  readonly notTypes?: readonly string[];
  readonly reason: string;
}

const ATTRIBUTE_RISKS: readonly AttributeRisk[] = [
  { rule: 'residency/datacenter', label: 'residency', names: ['datacenter', 'datacenter_id'], reason: 'moves the object to another datacenter' },
  { rule: 'residency/datacenter-name', label: 'residency', names: ['name'], types: ['vsphere_datacenter'], reason: 'changes which datacenter the tenant is placed in' },
  { rule: 'residency/placement', label: 'residency', names: ['resource_pool_id', 'datastore_id'], types: ['vsphere_virtual_machine'], reason: 'moves the VM to another pool or datastore, which may be in another datacenter' },
  { rule: 'residency/endpoint', label: 'residency', names: ['vsphere_server', 'address'], notTypes: ['vault_audit'], reason: 'points at another vCenter or Vault, which is where VMs and keys live' },
  { rule: 'security/storage-policy', label: 'security', names: ['storage_policy_id'], reason: 'changes the storage policy, which is what encrypts the VM and its disks' },
  { rule: 'security/boot-integrity', label: 'security', names: ['firmware', 'efi_secure_boot_enabled', 'vtpm'], reason: 'changes boot integrity (EFI firmware, secure boot, vTPM)' },
  { rule: 'security/key-custody', label: 'security', names: ['exportable', 'allow_plaintext_backup', 'deletion_allowed'], reason: 'changes whether the key can leave Vault or be deleted' },
  { rule: 'security/tls', label: 'security', names: ['skip_tls_verify', 'allow_unverified_ssl'], reason: 'changes TLS certificate verification' },
  { rule: 'egress/audit-collector', label: 'egress', names: ['address'], types: ['vault_audit'], reason: 'sends the audit log somewhere else' },
];

/** Types whose deletion destroys key material, with what is lost. */
const KEY_MATERIAL: Readonly<Record<string, string>> = {
  vault_transit_secret_backend_key: 'destroys the transit key: whatever it encrypted can no longer be decrypted',
  vault_mount: 'destroys the secrets engine and every key and secret in it',
  vault_namespace: 'destroys the Vault namespace and everything in it: mounts, keys, policies',
};

/** A URL in a value: a change to it sends data to another place. */
const URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/**
 * Labels a change: `destructive` for every delete and replace (with the loss spelled out for transit keys, mounts
 * and namespaces), `residency`, `security` and `egress` for updates and replaces that change an attribute of the
 * table above, and `egress` for one whose value is or becomes a URL. Creates, reads and forgets earn no label here:
 * what a new object holds is what the policy findings judge.
 */
export function classifyPlannedChange(change: ClassifiableChange): RiskReason[] {
  const out: RiskReason[] = [];
  if (change.action === 'delete' || change.action === 'replace') {
    const verb = change.action === 'delete' ? 'deletes' : 'replaces (deletes, then creates)';
    const lost = KEY_MATERIAL[change.type];
    out.push(lost
      ? { label: 'destructive', rule: 'destructive/key-material', reason: `${verb} ${change.address}, which ${lost}` }
      : { label: 'destructive', rule: `destructive/${change.action}`, reason: `${verb} ${change.address}` });
  }
  if (change.action === 'update' || change.action === 'replace') {
    for (const risk of ATTRIBUTE_RISKS) {
      const paths = change.attributes.filter((a) => matches(risk, change.type, a)).map((a) => a.path);
      if (paths.length) out.push({ label: risk.label, rule: risk.rule, reason: `${paths.join(', ')}: ${risk.reason}` });
    }
    const urls = change.attributes.filter((a) => isUrl(a.before) || isUrl(a.after)).map((a) => a.path);
    if (urls.length) out.push({ label: 'egress', rule: 'egress/url', reason: `${urls.join(', ')}: a URL changes, so data goes to another place` });
  }
  return out.sort((a, b) => RISK_ORDER.indexOf(a.label) - RISK_ORDER.indexOf(b.label));
}

function matches(risk: AttributeRisk, type: string, attribute: PlannedAttribute): boolean {
  if (risk.types && !risk.types.includes(type)) return false;
  if (risk.notTypes?.includes(type)) return false;
  return attribute.path.split('.').some((step) => risk.names.includes(step));
}

const isUrl = (v: unknown) => typeof v === 'string' && URL.test(v);
