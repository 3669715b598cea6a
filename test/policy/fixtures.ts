import type { Classification, Custodian, Site, Sourced } from '../../policy/model';
import { standard } from '../../policy/source';

/** A Luxembourg State site that every rule accepts; tests change one fact at a time. */
export function luSite(overrides: Partial<Site> = {}): Site {
  return {
    id: 'lu-test',
    name: 'LU test site',
    country: 'LU',
    operator: 'State IT centre',
    operatorJurisdictions: ['LU'],
    euEstablished: true,
    euControlled: true,
    tier: 'IV',
    airGapped: false,
    certifications: ['ISO27001', 'SecNumCloud-3.2'],
    domains: ['lu.test'],
    allowedEgressHosts: ['mirror.lu.test'],
    vsphere: {
      server: 'vcenter.lu.test',
      datacenter: 'LU-DC',
      cluster: 'c1',
      datastore: 'ds1',
      distributedSwitch: 'dvs1',
      contentLibrary: 'lib',
      templateType: 'ovf',
      templates: [{ name: 'rhel9', guestId: 'rhel9_64Guest', firmware: 'efi', hardwareVersion: 19 }],
      encryptionPolicy: 'VM Encryption',
      keyProvider: 'native',
    },
    vault: {
      address: 'https://vault.lu.test:8200',
      edition: 'enterprise',
      auditCollector: 'siem.lu.test:6514',
      auditRetentionDays: 1096,
      auditLogDir: '/var/log/vault',
      localAuditRetentionDays: 1096,
    },
    ...overrides,
  };
}

/** A custodian like a Luxembourg State service holding keys, audit logs and state; tests change one fact at a time. */
export function custodian(overrides: Partial<Custodian> = {}): Custodian {
  return {
    id: 'lu-custody',
    name: 'LU custody service',
    country: 'LU',
    operator: 'State custody service',
    operatorJurisdictions: ['LU'],
    euEstablished: true,
    euControlled: true,
    domains: ['custody.lu.example'],
    holds: ['keys', 'audit', 'state'],
    ...overrides,
  };
}

const src = (value: unknown) => sourced(value) as never;

/** A health-like classification: LU only, LU operators, tier IV, two audit devices kept three years, no key deletion. */
export function healthClass(overrides: Partial<Classification> = {}): Classification {
  return {
    id: 'health',
    description: 'health data',
    countries: src(['LU']),
    operatorJurisdictions: src(['LU']),
    euEstablished: src(true),
    euControlled: src(true),
    certificationsAll: src(['ISO27001']),
    certificationsAnyOf: src(['SecNumCloud-3.2', 'HDS-2024']),
    airGapped: src(false),
    encryption: src(true),
    auditDevices: src(2),
    auditRetentionDays: src(1096),
    keyDeletionAllowed: src(false),
    minimumTier: src('IV'),
    ...overrides,
  };
}

/** Wraps a value as a classification constraint resting on one standard clause, `source`. */
export function sourced<T>(value: T, source = 'test source'): Sourced<T> {
  return { value, source: [standard(source)] };
}
