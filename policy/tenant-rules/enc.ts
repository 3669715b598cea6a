/**
 * Encryption rules (ENC) over declared tenants: the site's encryption storage policy and key provider (ENC-01,
 * ENC-04) and the tenant's transit keys (ENC-06, ENC-07). The same ids judge the synthesized Terraform
 * (policy/stack-rules/enc.ts).
 */
import type { TenantPolicyInput, TenantRule } from './tenant-rule';
import type { Site } from '../model';
import { siteAllowsPlacement } from './res';
import { suggestSites } from './site-suggestions';
import { formatSources } from '../source';
import { law, standard, toolkitChoice } from '../source';

const hasEncryption = (s: Site) => Boolean(s.vsphere.encryptionPolicy && s.vsphere.keyProvider);

/** A site a fix may suggest for the tenant of `input`: it encrypts, and the tenant's classification allows it. */
const encryptingSiteFor = (input: TenantPolicyInput) => (s: Site) => hasEncryption(s) && siteAllowsPlacement(s, input.classification);

export const ENC_01: TenantRule = {
  id: 'ENC-01',
  title: 'The site has an encryption storage policy for VM homes and disks',
  severity: 'error',
  rationale:
    'The vSphere provider cannot create key providers or encryption policies; VMs are encrypted only by pointing ' +
    'their home and every disk at an encryption storage policy the site already has.',
  sources: [standard('SecNumCloud 3.2, 10.1.a'), standard('vSphere security guide (VM encryption)')],
  concerns: ['compute'],
  check(input) {
    const { site, classification: c } = input;
    if (!c.encryption.value || site.vsphere.encryptionPolicy) return [];
    return [
      {
        ruleId: this.id,
        severity: this.severity,
        tenant: input.tenant,
        field: 'site',
        found: `site ${site.id} declares no vsphere.encryptionPolicy`,
        allowed: `classification ${c.id} requires VM home and every disk encrypted`,
        fix: `register the site's encryption storage policy in config/sites.yaml (vsphere.encryptionPolicy) or choose another site (${suggestSites(input, encryptingSiteFor(input))})`,
        source: formatSources(c.encryption.source),
      },
    ];
  },
};

export const ENC_04: TenantRule = {
  id: 'ENC-04',
  title: 'vTPM only where the site has a key provider',
  severity: 'error',
  rationale: 'vTPM state lives in the encrypted .nvram file, so vCenter needs a key provider before it can add a vTPM.',
  sources: [standard('vSphere security guide (Native Key Provider, vTPM)')],
  concerns: ['compute'],
  check(input) {
    const { site } = input;
    if (site.vsphere.keyProvider) return [];
    return [
      {
        ruleId: this.id,
        severity: this.severity,
        tenant: input.tenant,
        field: 'site',
        found: `site ${site.id} declares no vsphere.keyProvider, so its VMs cannot have a vTPM`,
        allowed: 'every tenant VM has vTPM 2.0, which needs a key provider',
        fix: `register the site's key provider in config/sites.yaml (vsphere.keyProvider) or choose another site (${suggestSites(input, encryptingSiteFor(input))})`,
        source: formatSources(this.sources),
      },
    ];
  },
};

export const ENC_06: TenantRule = {
  id: 'ENC-06',
  title: 'Transit keys of protected data cannot be deleted',
  severity: 'error',
  rationale: 'Deleting a key erases every ciphertext it protects; for health and classified data that follows a formal process, not a Terraform change.',
  sources: [
    standard('SecNumCloud 3.2, 19.4.a, 11.9.a (secure erasure at the end of the contract, after formal notice; deleting the key is an accepted way to erase)'),
    law('GDPR art. 32(1)(b)–(c) (availability and resilience; access to data restored in time)'),
    toolkitChoice('keys of protected data are not deletable from Terraform: a key is retired through the documented crypto-erasure process only'),
  ],
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
        source: formatSources(c.keyDeletionAllowed.source),
      },
    ];
  },
};

export const ENC_07: TenantRule = {
  id: 'ENC-07',
  title: 'Transit keys rotate automatically',
  severity: 'warning',
  rationale: 'A key that never rotates protects ever more data with one secret.',
  sources: [standard('SecNumCloud 3.2, 10.5.a (ANSSI key management)')],
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
        source: formatSources(this.sources),
      },
    ];
  },
};

/** The encryption and key-material rules (ENC) over declared tenants, in report order. */
export const ENCRYPTION_RULES: readonly TenantRule[] = [ENC_01, ENC_04, ENC_06, ENC_07];
