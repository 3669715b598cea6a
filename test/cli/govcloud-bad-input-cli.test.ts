import { execFileSync, execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, ROOT, type Run, govcloudInProcess } from './run-govcloud';
import { configWith, tenantYaml } from '../fixtures/config-files';

/**
 * Issue 10 as CI sees it: bad input to the command exits 2 with the file, the line and the fix; never 3, never
 * a stack trace, never a hang, and nothing is written to --out.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-bad-input-cli-'));

beforeAll(async () => {
  if (!fs.existsSync(CLI)) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the bundled config changed by `change`, which gets the copy's folder. */
function changed(change: (dir: string) => void): string {
  const dir = configWith();
  change(dir);
  return dir;
}

/** Exit 2, a message with `where` (file or file:line) and a fix, no stack trace. */
function expectBadInput(run: Run, where: string): void {
  expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 2, stderr: expect.stringContaining(where) });
  expect(run.stderr).toContain('Fix:');
  expect(run.stderr).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
}

const BOMB = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...'bcdefghi'.split('').map((x, i) => `${x}: &${x} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');
const bomb = tenantYaml().append(`${BOMB}\n`);
const unresolved = tenantYaml().append('x: *nope\n');
const reserved = tenantYaml({ name: 'constructor' });
const misnamed = tenantYaml({ name: 'igss-personal' });

describe('govcloud synth on bad config', () => {
  it.each<[string, () => string, string]>([
    ['a YAML alias bomb', () => configWith({ tenants: { 'test-tenant.yaml': bomb } }), `tenants/test-tenant.yaml:${bomb.lineOf('b: &b')}`],
    ['an unresolved alias', () => configWith({ tenants: { 'test-tenant.yaml': unresolved } }), `tenants/test-tenant.yaml:${unresolved.lineOf('x: *nope')}`],
    ['a tenant named constructor', () => configWith({ tenants: { 'constructor.yaml': reserved } }), `tenants/constructor.yaml:${reserved.lineOf('name: constructor')}`],
    ['two VM groups with the same name', () => configWith({ tenants: { 'test-tenant.yaml': tenantYaml({ vms: [{ name: 'web' }, { name: 'web' }] }) } }), 'vms[1].name'],
    ['a tenants path that is a file', () => changed((dir) => (fs.rmSync(path.join(dir, 'tenants'), { recursive: true }), fs.writeFileSync(path.join(dir, 'tenants'), ''))), 'tenants: tenants is not a folder'],
    ['a tenant file linked to /dev/zero', () => changed((dir) => fs.symlinkSync('/dev/zero', path.join(dir, 'tenants', 'z.yaml'))), 'tenants/z.yaml: not read: it is a character device'],
    ['a sites.yaml that is a FIFO', () => changed((dir) => (fs.rmSync(path.join(dir, 'sites.yaml')), execFileSync('mkfifo', [path.join(dir, 'sites.yaml')]))), 'sites.yaml: not read: it is a FIFO'],
    [
      'a 20,000-character owner.contact',
      () => configWith({ tenants: { 'test-tenant.yaml': tenantYaml({ owner: { contact: `a@${'.'.repeat(20_000)}@` } }) } }),
      'owner.contact: value of 20003 characters is longer than the 254 allowed',
    ],
    [
      'a name that differs from the file name',
      () => configWith({ tenants: { 'igss.yaml': misnamed } }),
      `tenants/igss.yaml:${misnamed.lineOf('name: igss-personal')}:1 name: name "igss-personal" differs from the file name igss.yaml`,
    ],
  ])('exits 2 on %s, naming where, and writes nothing', async (_what, config, where) => {
    const out = path.join(fs.mkdtempSync(path.join(tmp, 'run-')), 'out');
    const run = await govcloudInProcess(['synth', '--config', config(), '--out', out]);
    expectBadInput(run, where);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe.each(['check', 'review'])('govcloud %s on an input file it must not read', (command) => {
  it('exits 2 on a FIFO instead of waiting for a writer', async () => {
    const fifo = path.join(fs.mkdtempSync(path.join(tmp, 'fifo-')), 'plan.json');
    execFileSync('mkfifo', [fifo]);
    expectBadInput(await govcloudInProcess([command, fifo]), `${fifo}: not read: it is a FIFO`);
  });

  it('exits 2 on a link to /dev/zero instead of reading it forever', async () => {
    const link = path.join(fs.mkdtempSync(path.join(tmp, 'zero-')), 'plan.json');
    fs.symlinkSync('/dev/zero', link);
    expectBadInput(await govcloudInProcess([command, link]), `${link}: not read: it is a character device`);
  });
});
