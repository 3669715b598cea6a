/**
 * Transit and KMIP keys: ENC-05..08 (domain brief, section 7).
 */
import { stackFinding, type StackFinding, type StackRule } from './stack-rule';
import { KMIP_BACKEND, KMIP_ROLE, TRANSIT_KEY, isTrue, nameOf, ofType } from './block-values';

export const ENC_05: StackRule = {
  id: 'ENC-05',
  title: 'Transit keys are never exportable nor backed up in plaintext',
  severity: 'error',
  rises: false,
  rationale: 'exportable and allow_plaintext_backup let the key material leave Vault, and once set Vault can never turn them off again.',
  fix: 'set exportable = false and allow_plaintext_backup = false; a key that already allowed either must be replaced by a new key and its data re-encrypted',
  source: 'SecNumCloud 10.5.c; Vault provider docs (transit_secret_backend_key); domain brief section 7 ENC-05',
  examines: [TRANSIT_KEY],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const key of ofType(ctx, TRANSIT_KEY)) {
      for (const attribute of ['exportable', 'allow_plaintext_backup']) {
        if (key.unknown.has(attribute) || !isTrue(key.values[attribute])) continue;
        out.push(
          stackFinding(this, ctx, key, {
            attribute,
            found: `${attribute} is true on transit key ${nameOf(key)}: the key material can leave Vault, irreversibly`,
            allowed: `${attribute} = false (the default)`,
          }),
        );
      }
    }
    return out;
  },
};

export const ENC_06_STACK: StackRule = {
  id: 'ENC-06',
  title: 'Transit keys of protected data cannot be deleted',
  severity: 'warning',
  rises: true,
  rationale: 'Deleting a transit key erases every ciphertext it protects (crypto-erasure); where the classification forbids it, that follows a formal process, not a Terraform change.',
  fix: 'set deletion_allowed = false (keys.deletionAllowed: false in the tenant file); retire a key through the documented crypto-erasure process',
  source: 'SecNumCloud 19.4.a, 11.9.a; domain brief section 7 ENC-06',
  examines: [TRANSIT_KEY],
  check(ctx) {
    const c = ctx.classification;
    if (c.keyDeletionAllowed.value) return [];
    return ofType(ctx, TRANSIT_KEY)
      .filter((key) => !key.unknown.has('deletion_allowed') && isTrue(key.values.deletion_allowed))
      .map((key) =>
        stackFinding(this, ctx, key, {
          attribute: 'deletion_allowed',
          found: `deletion_allowed is true on transit key ${nameOf(key)}`,
          allowed: `deletion_allowed = false: classification ${c.id} forbids deletable keys (${c.keyDeletionAllowed.source})`,
        }),
      );
  },
};

export const ENC_07_STACK: StackRule = {
  id: 'ENC-07',
  title: 'Transit keys rotate automatically',
  severity: 'warning',
  rises: false,
  rationale: 'A key that never rotates protects ever more data with one secret.',
  fix: 'set auto_rotate_period in seconds (keys.rotationDays in the tenant file), e.g. 7776000 for 90 days',
  source: 'SecNumCloud 10.5.a (ANSSI key management); domain brief section 7 ENC-07',
  examines: [TRANSIT_KEY],
  check(ctx) {
    return ofType(ctx, TRANSIT_KEY).flatMap((key) => {
      const period = key.values.auto_rotate_period;
      if (key.unknown.has('auto_rotate_period')) return [];
      const rotates = (typeof period === 'number' && period > 0) || (typeof period === 'string' && period !== '' && period !== '0' && !/^0+[a-z]*$/.test(period));
      if (rotates) return [];
      return [
        stackFinding(this, ctx, key, {
          attribute: 'auto_rotate_period',
          found: `transit key ${nameOf(key)} ${period === undefined ? 'has no auto_rotate_period' : `has auto_rotate_period ${JSON.stringify(period)}`}: it never rotates`,
          allowed: 'a rotation period above 0 (Vault accepts one hour or more)',
        }),
      ];
    });
  },
};

export const ENC_08: StackRule = {
  id: 'ENC-08',
  title: 'KMIP roles grant named operations only, and the KMIP listener requires TLS 1.2 or later',
  severity: 'warning',
  rises: false,
  rationale: 'operation_all lets a KMIP client (vCenter) destroy or re-key any object in its scope; TLS below 1.2 is deprecated.',
  fix: 'list the operations vCenter needs (operation_activate, operation_create, operation_get, operation_locate, ...) instead of operation_all; set tls_min_version = "tls12" or "tls13"',
  source: 'Vault KMIP secrets engine docs; SecNumCloud 10.2.c; domain brief section 7 ENC-08',
  examines: [KMIP_ROLE, KMIP_BACKEND],
  check(ctx) {
    const out: StackFinding[] = [];
    for (const role of ofType(ctx, KMIP_ROLE)) {
      if (role.unknown.has('operation_all') || !isTrue(role.values.operation_all)) continue;
      out.push(stackFinding(this, ctx, role, { attribute: 'operation_all', found: `KMIP role ${JSON.stringify(role.values.role ?? role.name)} sets operation_all = true`, allowed: 'the named operations the client needs' }));
    }
    for (const backend of ofType(ctx, KMIP_BACKEND)) {
      const v = backend.values.tls_min_version;
      if (backend.unknown.has('tls_min_version') || typeof v !== 'string' || !/^tls1[01]$/i.test(v)) continue;
      out.push(stackFinding(this, ctx, backend, { attribute: 'tls_min_version', found: `KMIP listener accepts ${v}`, allowed: 'tls12 (the default) or tls13' }));
    }
    return out;
  },
};

