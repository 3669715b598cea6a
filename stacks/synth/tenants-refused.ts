import type { Finding } from '../../policy/finding';

/** Thrown when any selected tenant breaks a rule; nothing has been written. */
export class TenantsRefused extends Error {
  constructor(readonly findings: readonly Finding[]) {
    const tenants = new Set(findings.map((f) => f.tenant));
    super(`${tenants.size} tenant${tenants.size === 1 ? '' : 's'} refused with ${findings.length} violation${findings.length === 1 ? '' : 's'}`);
    this.name = 'TenantsRefused';
  }
}
