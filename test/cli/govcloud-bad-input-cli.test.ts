import { execFileSync, execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI, ROOT, runGovcloud, type Run } from './run-govcloud';

/**
 * Issue 10 as CI sees it: bad input to the built CLI exits 2 with the file, the line and the fix; never 3, never
 * a stack trace, never a hang, and nothing is written to --out.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-bad-input-cli-'));
const BUNDLED = path.join(ROOT, 'config');
const EXAMPLE = fs.readFileSync(path.join(BUNDLED, 'tenants', 'mfin-internal.yaml'), 'utf8');

beforeAll(() => {
  if (!fs.existsSync(CLI)) execSync('npm run build --silent', { cwd: ROOT, stdio: 'inherit' });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A copy of the bundled config changed by `change`, which gets the copy's folder. */
function configWith(change: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(tmp, 'config-'));
  fs.cpSync(BUNDLED, dir, { recursive: true });
  change(dir);
  return dir;
}

/** Writes `tenants/<name>.yaml` in `dir`. */
const tenant = (dir: string, name: string, text: string) => fs.writeFileSync(path.join(dir, 'tenants', `${name}.yaml`), text);

/** Exit 2, a message with `where` (file or file:line) and a fix, no stack trace. */
function expectBadInput(run: Run, where: string): void {
  expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 2, stderr: expect.stringContaining(where) });
  expect(run.stderr).toContain('Fix:');
  expect(run.stderr).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
}

const BOMB = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...'bcdefghi'.split('').map((x, i) => `${x}: &${x} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n');
const withName = (name: string) => EXAMPLE.replace('name: mfin-internal', `name: ${name}`).replace(/vlan: \d+/, 'vlan: 3999').replace(/cidr: [\d./]+/, 'cidr: 10.254.0.0/24');
const group = EXAMPLE.slice(EXAMPLE.indexOf('  - name: '));

describe('govcloud synth on bad config', () => {
  it.each<[string, (dir: string) => void, string]>([
    ['a YAML alias bomb', (dir) => tenant(dir, 'mfin-internal', `${EXAMPLE}${BOMB}\n`), `tenants/mfin-internal.yaml:${EXAMPLE.split('\n').length + 1}`],
    ['an unresolved alias', (dir) => tenant(dir, 'mfin-internal', `${EXAMPLE}x: *nope\n`), `tenants/mfin-internal.yaml:${EXAMPLE.split('\n').length}`],
    ['a tenant named constructor', (dir) => tenant(dir, 'constructor', withName('constructor')), 'tenants/constructor.yaml:3'],
    ['two VM groups with the same name', (dir) => tenant(dir, 'mfin-internal', `${EXAMPLE}${group}`), 'vms[1].name'],
    ['a tenants path that is a file', (dir) => (fs.rmSync(path.join(dir, 'tenants'), { recursive: true }), fs.writeFileSync(path.join(dir, 'tenants'), '')), 'tenants: tenants is not a folder'],
    ['a tenant file linked to /dev/zero', (dir) => fs.symlinkSync('/dev/zero', path.join(dir, 'tenants', 'z.yaml')), 'tenants/z.yaml: not read: it is a character device'],
    ['a sites.yaml that is a FIFO', (dir) => (fs.rmSync(path.join(dir, 'sites.yaml')), execFileSync('mkfifo', [path.join(dir, 'sites.yaml')])), 'sites.yaml: not read: it is a FIFO'],
    ['a 20,000-character owner.contact', (dir) => tenant(dir, 'mfin-internal', EXAMPLE.replace(/contact: .*/, `contact: "a@${'.'.repeat(20_000)}@"`)), 'owner.contact: value of 20003 characters is longer than the 254 allowed'],
    ['a name that differs from the file name', (dir) => tenant(dir, 'igss', withName('igss-personal')), 'tenants/igss.yaml:3:1 name: name "igss-personal" differs from the file name igss.yaml'],
  ])('exits 2 on %s, naming where, and writes nothing', (_what, change, where) => {
    const out = path.join(fs.mkdtempSync(path.join(tmp, 'run-')), 'out');
    const run = runGovcloud(['synth', '--config', configWith(change), '--out', out]);
    expectBadInput(run, where);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe.each(['check', 'review'])('govcloud %s on an input file it must not read', (command) => {
  it('exits 2 on a FIFO instead of waiting for a writer', () => {
    const fifo = path.join(fs.mkdtempSync(path.join(tmp, 'fifo-')), 'plan.json');
    execFileSync('mkfifo', [fifo]);
    expectBadInput(runGovcloud([command, fifo]), `${fifo}: not read: it is a FIFO`);
  });

  it('exits 2 on a link to /dev/zero instead of reading it forever', () => {
    const link = path.join(fs.mkdtempSync(path.join(tmp, 'zero-')), 'plan.json');
    fs.symlinkSync('/dev/zero', link);
    expectBadInput(runGovcloud([command, link]), `${link}: not read: it is a character device`);
  });
});
