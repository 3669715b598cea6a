import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { govcloudInProcess } from './run-govcloud';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-review-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Not real secrets: made-up values with the shapes real ones have.
const SECRETS = ['pa/ss-ovf-1', 'AKIAIOSFODNN7EXAMPLE', 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8', 'hvs.CAESIJx2fake0token0for0tests0onlyQ1bGx'];

/** A plan of the air-gapped tenant that downloads an image with a password in its URL and carries keys and tokens in plain attributes. */
function planWithSecrets(): string {
  const before = { name: 'img', library_id: 'lib', file_url: 'https://images.enclave.internal/x.ova', description: 'first' };
  const after = { ...before, file_url: `https://u:${SECRETS[0]}@images.example.com/x.ova`, description: `built by ${SECRETS[1]} with ${SECRETS[2]}` };
  const plan = {
    format_version: '1.2',
    planned_values: { root_module: { resources: [{ address: 'vsphere_content_library_item.img', mode: 'managed', type: 'vsphere_content_library_item', name: 'img', values: after }] } },
    resource_changes: [{ address: 'vsphere_content_library_item.img', mode: 'managed', type: 'vsphere_content_library_item', name: 'img', change: { actions: ['update'], before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } }],
    configuration: { provider_config: { vault: { name: 'vault', expressions: { address: { constant_value: 'https://vault.enclave.internal:8200' }, token: { constant_value: SECRETS[3] } } } }, root_module: {} },
  };
  const dir = path.join(tmp, 'enclave-analytics');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'plan.json');
  fs.writeFileSync(file, JSON.stringify(plan));
  return file;
}

describe('govcloud review and govcloud check on a plan that holds secrets', () => {
  const file = planWithSecrets();

  it.each(['text', 'markdown', 'json'])('never prints a secret in the %s review, findings included', async (format) => {
    const r = await govcloudInProcess(['review', file, '--format', format]);
    expect(r.status).toBe(1); // the findings (NET-02, KEY-09) refuse the plan
    expect(r.stdout).toContain('(sensitive)');
    for (const s of SECRETS) expect(`${r.stdout}${r.stderr}`).not.toContain(s);
  });

  it('never prints a secret in the findings govcloud check reads from the plan', async () => {
    const r = await govcloudInProcess(['check', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/NET-02 .*downloads "https:\/\/u:\(sensitive value\)@images\.example\.com\/x\.ova"/);
    expect(r.stdout).toContain('KEY-09');
    for (const s of SECRETS) expect(`${r.stdout}${r.stderr}`).not.toContain(s);
  });

  it.each(['review', 'check'])('exits 2 on a plan that is not JSON, without printing the text around the error (govcloud %s)', async (command) => {
    const broken = path.join(tmp, 'broken', 'plan.json');
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    fs.writeFileSync(broken, '{"format_version":"1.2","variables":{"db":{"value":hunter2-secret-value}}}');
    const r = await govcloudInProcess([command, broken]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('(the text around it is not shown)');
    expect(r.stderr).not.toContain('hunter2');
  });
});
