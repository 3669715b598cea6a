/** The site catalogue: where tenants can go, who runs it, what it holds (`config/sites.yaml`). */

/** An ISO 3166-1 alpha-2 country code, upper case (`LU`, `DE`, `IE`, `US`). */
export type CountryCode = string;

/** Which Vault product holds a site's keys. Decides whether tenants get namespaces (S6: vendor dependency). */
export type VaultEdition = 'enterprise' | 'community' | 'openbao';

/** The vSphere facts of a site: existing objects the toolkit looks up by name, never creates. */
export interface SiteVsphere {
  /** vCenter FQDN, the administration endpoint (SecNumCloud 19.2.c). */
  readonly server: string;
  /** Datacenter name in that vCenter. */
  readonly datacenter: string;
  /** Compute cluster whose root resource pool parents tenant pools. */
  readonly cluster: string;
  /** Datastore for VM homes and disks. */
  readonly datastore: string;
  /** Distributed switch that carries tenant port groups. */
  readonly distributedSwitch: string;
  /** Content library holding the site's approved templates. */
  readonly contentLibrary: string;
  /** Content library item type of the templates (`ovf` or `vm-template`). */
  readonly templateType: 'ovf' | 'vm-template';
  /** Templates in the content library that tenants may clone, with their guest OS id. */
  readonly templates: readonly SiteTemplate[];
  /**
   * Name of an encryption storage policy that already exists in this vCenter. The vSphere provider cannot
   * create encryption policies or key providers (the pinned provider has no resource for them): this is a site
   * precondition.
   */
  readonly encryptionPolicy?: string;
  /** The vCenter key provider that backs VM encryption and vTPM (`native`, or a KMIP cluster name). */
  readonly keyProvider?: string;
  /**
   * Sites whose vCenter holds the same key provider as this one (the same KMIP cluster registered in both, whose
   * servers all provide the same keys, or a Native Key Provider restored there from this one's export): a VM
   * encrypted here can be decrypted there, so those sites may recover this site's tenants (AVL-05). The other site
   * must record the same `keyProvider` name.
   * @default - none: encrypted VMs and vTPMs of this site open nowhere else
   */
  readonly keyProviderSharedWith?: readonly string[];
}

/** A template a tenant may clone, as the content library item holds it. */
export interface SiteTemplate {
  /** Content library item name. */
  readonly name: string;
  /** vSphere guest OS identifier, e.g. `rhel9_64Guest`; a content-library deploy keeps the template's own. */
  readonly guestId: string;
  /** Firmware the template's OS was installed for; clones keep it (a vTPM needs `efi`). */
  readonly firmware: 'efi' | 'bios';
  /** Virtual hardware version of the item (`vmx-NN`); a vTPM needs 14 or later. */
  readonly hardwareVersion: number;
  /** @default - none: the NIC's OVF network key is sent empty, which maps an OVF with one network only */
  readonly ovfNetwork?: string;
}

/** Whether VMs at `site` get a vTPM: where the site has a key provider to seal its state (ENC-04). */
export const vtpmRequested = (site: Pick<Site, 'vsphere'>): boolean => Boolean(site.vsphere.keyProvider);

/** The lowest virtual hardware version that can hold a vTPM. */
export const VTPM_MIN_HARDWARE_VERSION = 14;

/** The Vault (or OpenBao) that keeps a site's tenant keys. */
export interface SiteVault {
  /** `https://` address of the Vault API. */
  readonly address: string;
  /** Product edition. */
  readonly edition: VaultEdition;
  /** Central audit log collector (`host:port`) for the socket audit device, if the site has one. */
  readonly auditCollector?: string;
  /**
   * Days the audit collector keeps what it receives, as attested for the site (KEY-10 compares it with the
   * classification's `auditRetentionDays`). Only with an `auditCollector`.
   * @default - not declared: the collector counts for nothing towards retention
   */
  readonly auditRetentionDays?: number;
  /**
   * Days the Vault servers keep their local audit files (`auditLogDir`) before rotating them away, as attested
   * for the site: the retention of a site without a collector, or kept longer than the collector's.
   * @default - not declared: the local files count for nothing towards retention
   */
  readonly localAuditRetentionDays?: number;
  /** Folder on the Vault servers where file audit devices write. */
  readonly auditLogDir: string;
  /**
   * The Vault clusters of other sites this one replicates to (Vault Enterprise only: community Vault and OpenBao
   * have no replication): the tenants' transit keys and policies reach those sites, which may recover this site's
   * tenants (AVL-05).
   * @default - none: the keys of this site's tenants are nowhere else
   */
  readonly replication?: readonly SiteVaultReplication[];
}

/**
 * One secondary of a site's Vault Enterprise cluster. `disaster-recovery`: a standby holding everything (tokens and
 * leases too) that serves no request until promoted; `performance`: serves reads at once, without the primary's
 * tokens and leases.
 */
export interface SiteVaultReplication {
  /** The site whose Vault cluster is the secondary. */
  readonly site: string;
  readonly mode: 'disaster-recovery' | 'performance';
}

/** libpq `sslmode` values. The loader accepts only those that insist on TLS (`require`, `verify-ca`, `verify-full`). */
export type PgSslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

/** State in a `terraform.tfstate` file beside the stack: no server needed, so synthesis works on a fresh machine. */
export interface LocalStateBackend {
  readonly type: 'local';
}

/**
 * Terraform's built-in `pg` backend on a PostgreSQL database of the site. Each tenant gets a schema of its own;
 * credentials come from the libpq environment (`PGUSER`, `PGPASSWORD`), never from config.
 */
export interface PgStateBackend {
  readonly type: 'pg';
  /** Database host, under one of the site's `domains`. */
  readonly host: string;
  /** TCP port of the server. */
  readonly port: number;
  /** Database holding the tenants' state schemas; it must exist before `terraform init`. */
  readonly database: string;
  /** libpq `sslmode` of the connection. */
  readonly sslmode: PgSslMode;
  /** Prefix of each tenant's schema: tenant `dsp-ng` keeps its state in schema `<prefix>dsp_ng`. */
  readonly schemaPrefix: string;
  /**
   * The database's storage is encrypted at rest, as attested for the site (the evidence STA-04 asks for).
   * @default false
   */
  readonly encryptedAtRest?: boolean;
}

/**
 * Terraform's built-in `s3` backend on an S3-compatible object store of the site (MinIO, Ceph RGW), reached
 * by path-style URLs with every AWS account and region check off and S3-native locking; credentials come from
 * `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, never from config.
 */
export interface S3StateBackend {
  readonly type: 's3';
  /** `https://` URL of the object store, its host under one of the site's `domains`. */
  readonly endpoint: string;
  /** Bucket holding every tenant's state. */
  readonly bucket: string;
  /** Region name the store expects (free text: the store's own, not an AWS region). */
  readonly region: string;
  /** Prefix of each tenant's object key: tenant `dsp-ng` keeps its state at `<prefix>dsp-ng/terraform.tfstate`. */
  readonly keyPrefix: string;
  /**
   * The object store encrypts at rest, as attested for the site (the evidence STA-04 asks for).
   * @default false
   */
  readonly encryptedAtRest?: boolean;
}

/** Where the tenants of a site keep their Terraform state. */
export type SiteStateBackend = LocalStateBackend | PgStateBackend | S3StateBackend;

/**
 * Who runs a site: `state` (the State's own IT centre, CTIE), `state-owned` (a company the State owns or controls,
 * or a joint venture of such companies: LuxConnect, Clarence), `healthcare` (a hospital's own infrastructure),
 * `social-security` (a social-security institution's own), `research` (a public research institution's own, the
 * University of Luxembourg's), `commercial` (any other provider).
 */
export type OperatorType = 'state' | 'state-owned' | 'healthcare' | 'social-security' | 'research' | 'commercial';

/** A shareholder of a site's operator. */
export interface SiteOwner {
  readonly name: string;
  /** Country of the owner's seat: its law reaches the operator. */
  readonly country: CountryCode;
  /**
   * Who controls the owner, where it is itself controlled (`State of Luxembourg`, `Belgian State (majority)`).
   * @default - not recorded
   */
  readonly controlledBy?: string;
}

/** What a custodian may hold for the tenants of a site: their keys (a Vault, a KMS), audit logs, Terraform state. */
export type CustodyKind = 'keys' | 'audit' | 'state';

/**
 * A holder of keys, audit logs or Terraform state outside every site's own domains (a national key service, a log
 * archive, a database service), registered in `sites.yaml` under `custodians:` so that a site's Vault, audit
 * collector or state store may be one of its hosts. The placement rules judge it like a site for the tenant's
 * classification: its country, its operator's jurisdictions, EU establishment and control.
 */
export interface Custodian extends Pick<Site, CustodianFacts> {
  /** What it holds for sites; a site's endpoint of another kind at its hosts is refused. */
  readonly holds: readonly CustodyKind[];
}

/**
 * What a custodian records as a site does: its id and name; the country where it holds what it holds; its
 * operator, every jurisdiction whose law can compel it, its EU establishment and control; and the DNS suffixes of
 * its hosts (an endpoint under one of them is held by this custodian).
 */
export type CustodianFacts = 'id' | 'name' | 'country' | 'operator' | 'operatorJurisdictions' | 'euEstablished' | 'euControlled' | 'operatorType' | 'domains';

/** A datacentre registered in the site catalogue. */
export interface Site {
  readonly id: string;
  readonly name: string;
  readonly country: CountryCode;
  readonly operator: string;
  /** Every jurisdiction whose law can compel the operator (`[IE, US]` for an EU region of a US-owned provider). */
  readonly operatorJurisdictions: readonly CountryCode[];
  /** Registered office and principal establishment in the EU (SecNumCloud 19.6.a). */
  readonly euEstablished: boolean;
  /** No non-EU control of capital, votes or board (SecNumCloud 19.6.b, attested). */
  readonly euControlled: boolean;
  /**
   * Who runs the site, so a classification's conditions can tell a hospital's own datacentre from a commercial host.
   * @default 'commercial' - a site that does not say who runs it is judged as any other provider's
   */
  readonly operatorType?: OperatorType;
  /**
   * Who owns the operator, where others do (a joint venture): the record behind `operatorJurisdictions`, each owner's
   * country among them.
   * @default - not recorded
   */
  readonly owners?: readonly SiteOwner[];
  /** Uptime Institute tier, if certified. */
  readonly tier?: 'I' | 'II' | 'III' | 'IV';
  readonly airGapped: boolean;
  readonly certifications: readonly string[];
  /** DNS suffixes of the site's own hosts; an endpoint under one of them is in-site. */
  readonly domains: readonly string[];
  /** Hosts outside the site that a connected site's tenants may reach; always empty in effect when air-gapped. */
  readonly allowedEgressHosts: readonly string[];
  /**
   * IPv4 networks (CIDR) of the site's own infrastructure services (DNS, NTP), so a server given by address
   * can be told in-site; a host name is in-site when it is under one of `domains`.
   * @default - none: a server given by address is in-site only inside the tenant's own network
   */
  readonly infrastructureNetworks?: readonly string[];
  readonly vsphere: SiteVsphere;
  readonly vault: SiteVault;
  /**
   * Where tenants of this site keep Terraform state.
   * @default - local state (`terraform.tfstate` in the stack folder)
   */
  readonly stateBackend?: SiteStateBackend;
  /**
   * Tenants of this site must keep state remotely: a local backend is refused (STA-01, error).
   * @default false
   */
  readonly remoteStateRequired?: boolean;
}
