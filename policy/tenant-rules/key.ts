import type { TenantRule } from './tenant-rule';
import { suggestSites } from './site-suggestions';

export const ENC_06: TenantRule = {
  id: 'ENC-06',
  title: 'Transit keys of protected data cannot be deleted',
  severity: 'error',
  rationale: 'Deleting a key erases every ciphertext it protects; for health and classified data that follows a formal process, not a Terraform change.',
  source: 'SecNumCloud 19.4.a, 11.9.a',
  concerns: ['keys'],
  check(input) {
    const { keys, classification: c } = input;
    if (!keys?.deletionAllowed || c.keyDeletionAllowed.value) return [];
    return [
      {
        ruleId: this.id,
        severity: this.severity,
        tenant: input.tenant,
        field: 'keys.deletionAllowed',
        found: 'keys.deletionAllowed is true',
        allowed: `classification ${c.id} forbids deletable transit keys`,
        fix: 'remove keys.deletionAllowed (or set it to false); retire a key through the documented crypto-erasure process',
        source: c.keyDeletionAllowed.source,
      },
    ];
  },
};

export const ENC_07: TenantRule = {
  id: 'ENC-07',
  title: 'Transit keys rotate automatically',
  severity: 'warning',
  rationale: 'A key that never rotates protects ever more data with one secret.',
  source: 'SecNumCloud 10.5.a (ANSSI key management)',
  concerns: ['keys'],
  check(input) {
    if (!input.keys || input.keys.rotationDays > 0) return [];
    return [
      {
        ruleId: this.id,
        severity: this.severity,
        tenant: input.tenant,
        field: 'keys.rotationDays',
        found: 'keys.rotationDays is 0 (no automatic rotation)',
        allowed: 'a rotation period of at least one day',
        fix: 'set keys.rotationDays, e.g. 90',
        source: this.source,
      },
    ];
  },
};

export const KEY_02: TenantRule = {
  id: 'KEY-02',
  title: 'Enough audit devices, one of them central, for the classification',
  severity: 'error',
  rationale:
    'Vault answers a request only if an audit device logs it; two devices (a local file and a central collector) ' +
    'keep the log when one is blocked and put a copy on a distinct machine.',
  source: 'SecNumCloud 12.6.b, 12.7.c; EHDS art. 73(1)(e)',
  concerns: ['keys'],
  check(input) {
    const { site, classification: c } = input;
    const available = site.vault.auditCollector ? 2 : 1;
    if (available >= c.auditDevices.value) return [];
    return [
      {
        ruleId: this.id,
        severity: this.severity,
        tenant: input.tenant,
        field: 'site',
        found: `site ${site.id} has no vault.auditCollector, so a tenant gets only a local file audit device`,
        allowed: `classification ${c.id} requires ${c.auditDevices.value} audit devices, one sent to a central collector`,
        fix: `register the site's audit collector in config/sites.yaml (vault.auditCollector) or choose another site (${suggestSites(
          input,
          (s) => Boolean(s.vault.auditCollector),
        )})`,
        source: c.auditDevices.source,
      },
    ];
  },
};

export const KEY_RULES: readonly TenantRule[] = [ENC_06, ENC_07, KEY_02];
