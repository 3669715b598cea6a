import { capabilitiesOf, policyWidening } from '../../../policy/diff/vault-policy-text';

const policy = (...blocks: [string, string[]][]) => blocks.map(([p, caps]) => `path "${p}" {\n  capabilities = [${caps.map((c) => `"${c}"`).join(', ')}]\n}\n`).join('\n');

describe('Vault policy text', () => {
  it('reads the capabilities of each path', () => {
    expect(capabilitiesOf(policy(['kv/data/*', ['read', 'list']]))).toEqual(new Map([['kv/data/*', new Set(['read', 'list'])]]));
  });

  it('finds a new path and a new capability, and nothing when a policy only narrows', () => {
    const before = policy(['kv/data/app/*', ['read']], ['transit/encrypt/k', ['update']]);
    expect(policyWidening(before, policy(['kv/data/app/*', ['read', 'delete']], ['sys/*', ['sudo']]))).toEqual(['"kv/data/app/*" gains delete', 'new path "sys/*" with sudo']);
    expect(policyWidening(before, policy(['kv/data/app/*', ['read']]))).toEqual([]);
  });

  it('treats a path no longer denied as a widening', () => {
    expect(policyWidening(policy(['secret/*', ['deny']]), policy(['secret/*', ['read']]))).toEqual(['"secret/*" no longer denied']);
  });

  it('cannot read text that is not path blocks, so the caller treats it as unknown', () => {
    expect(policyWidening(policy(['a', ['read']]), 'path "a" { capabilities = ["read"] }\nsomething_else = true')).toBeUndefined();
  });

  it('matches paths relative to a new namespace with the old paths they end, when the policy moves namespace', () => {
    const before = policy(['tenants/x/kv/data/*', ['read']]);
    expect(policyWidening(before, policy(['kv/data/*', ['read']]), true)).toEqual([]);
    expect(policyWidening(before, policy(['kv/data/*', ['read', 'delete']]), true)).toEqual(['"kv/data/*" gains delete']);
    expect(policyWidening(before, policy(['kv/data/*', ['read']]))).toEqual(['new path "kv/data/*" with read']);
  });

  it('ignores comments', () => {
    expect(capabilitiesOf(`# the app\npath "a" {\n  capabilities = ["read"] # only read\n}\n`)).toEqual(new Map([['a', new Set(['read'])]]));
  });
});
