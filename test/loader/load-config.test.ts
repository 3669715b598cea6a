import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, formatProblem, loadConfig, type ConfigProblem } from '../../loader';

/**
 * Every case copies the bundled `config/` folder into a temp dir and adds or edits one tenant file, so the
 * examples stay the reference and each test shows exactly the text that is wrong. Expected lines are computed
 * from the text the test wrote, never typed by hand.
 */
const BUNDLED = path.resolve(__dirname, '../../config');
const EXAMPLES = ['dsp-ng', 'enclave-analytics', 'lih-research', 'mfin-internal'];

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'load-config-test-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

function copyConfig(): string {
  const dir = fs.mkdtempSync(path.join(tmpRoot, 'config-'));
  fs.cpSync(BUNDLED, dir, { recursive: true });
  return dir;
}

/** A well-formed tenant on lu-colo-1 that clashes with none of the examples. */
const GOOD_TENANT = [
  '# written by load-config.test.ts',
  'name: test-tenant',
  'description: A tenant written by the test',
  'classification: internal',
  'site: lu-colo-1',
  'owner:',
  '  organisation: Test ministry',
  '  contact: ops@test.lu.example',
  'network:',
  '  vlan: 3001',
  '  cidr: 10.250.0.0/24',
  'vms:',
  '  - name: app',
  '    count: 1',
  '    cpus: 2',
  '    memoryMb: 4096',
  '    diskGb: 40',
  '    template: rhel9-cis',
  'keys:',
  '  rotationDays: 90',
  '',
].join('\n');

/** `text` with the one line equal to `line` replaced by `by` (several lines, or none, allowed). */
function replaceLine(text: string, line: string, by: string | string[]): string {
  const lines = text.split('\n');
  const at = lines.indexOf(line);
  if (at < 0 || lines.indexOf(line, at + 1) >= 0) throw new Error(`test setup: line ${JSON.stringify(line)} must occur exactly once`);
  lines.splice(at, 1, ...(Array.isArray(by) ? by : [by]));
  return lines.join('\n');
}

/** 1-based number of the one line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const lines = text.split('\n');
  const hits = lines.map((l, i) => (l.includes(needle) ? i + 1 : 0)).filter(Boolean);
  if (hits.length !== 1) throw new Error(`test setup: ${JSON.stringify(needle)} must occur on exactly one line, found ${hits.length}`);
  return hits[0];
}

/** Writes `tenants/<file>.yaml` in `dir` and returns its path as the loader names it. */
function writeTenant(dir: string, file: string, text: string): string {
  const p = path.join(dir, 'tenants', `${file}.yaml`);
  fs.writeFileSync(p, text);
  return p;
}

/** The problems of the ConfigError that loading `dir` throws; fails if it throws anything else or nothing. */
function problemsOf(dir: string): ConfigProblem[] {
  let thrown: unknown;
  try {
    loadConfig(dir);
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error('expected loadConfig to throw a ConfigError, but the config loaded');
  if (!(thrown instanceof ConfigError)) {
    throw new Error(`expected a ConfigError, got ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`);
  }
  return [...thrown.problems];
}

/** The one problem of `problems` about `field` of `file`; checks its line and that it says how to fix it. */
function expectProblem(problems: ConfigProblem[], file: string, field: string, line: number): ConfigProblem {
  expect(problems).toContainEqual(expect.objectContaining({ file, field, line }));
  const p = problems.find((x) => x.file === file && x.field === field && x.line === line)!;
  expect(p.message.trim()).not.toBe('');
  expect(p.fix.trim()).not.toBe('');
  return p;
}

/** Loads a copy of the bundled config with one extra tenant file written from `text`. */
function withTenant(text: string, file = 'test-tenant'): { dir: string; file: string; text: string } {
  const dir = copyConfig();
  return { dir, file: writeTenant(dir, file, text), text };
}

describe('loadConfig', () => {
  describe('the bundled config folder', () => {
    it('loads the four example tenants sorted by name, each with the file it came from', () => {
      const config = loadConfig(BUNDLED);
      expect(config.tenants.map((t) => t.spec.name)).toEqual(EXAMPLES);
      for (const t of config.tenants) expect(t.file).toBe(path.join(BUNDLED, 'tenants', `${t.spec.name}.yaml`));
    });

    it('sorts tenants by their name, not by the name of their file', () => {
      // File names sort test-tenant.yaml before test.yaml ('-' before '.'); tenant names sort test first.
      const dir = copyConfig();
      writeTenant(dir, 'test-tenant', GOOD_TENANT);
      const other = replaceLine(replaceLine(GOOD_TENANT, 'name: test-tenant', 'name: test'), '  vlan: 3001', '  vlan: 3002');
      writeTenant(dir, 'test', replaceLine(other, '  cidr: 10.250.0.0/24', '  cidr: 10.250.2.0/24'));
      const names = loadConfig(dir).tenants.map((t) => t.spec.name);
      expect(names).toEqual([...EXAMPLES, 'test', 'test-tenant']);
    });

    it('accepts a well-formed new tenant and locates its fields by line', () => {
      const { dir, file, text } = withTenant(GOOD_TENANT);
      const config = loadConfig(dir);
      const t = config.tenants.find((x) => x.spec.name === 'test-tenant');
      expect(t).toBeDefined();
      expect(t!.locate('network.vlan')).toBe(`${file}:${lineOf(text, 'vlan: 3001')}`);
      expect(t!.locate('vms[0].template')).toBe(`${file}:${lineOf(text, 'template: rhel9-cis')}`);
    });
  });

  describe('on bad input', () => {
    it('names the file and line of a YAML syntax error and says how to fix it', () => {
      // Two keys on one line: a plain scalar may not contain ": " in a block mapping.
      const text = replaceLine(GOOD_TENANT, '  vlan: 3001', '  vlan: 3001 cidr: 10.250.0.0/24');
      const { dir, file } = withTenant(text);
      const problems = problemsOf(dir);
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p.file).toBe(file);
        expect(p.line).toBe(lineOf(text, 'vlan: 3001 cidr'));
        expect(p.message).toMatch(/YAML/);
        expect(p.fix.trim()).not.toBe('');
      }
    });

    it('names the file, line and field of an unknown tenant field (netwrok: typo)', () => {
      const text = replaceLine(GOOD_TENANT, 'network:', 'netwrok:');
      const { dir, file } = withTenant(text);
      const p = expectProblem(problemsOf(dir), file, 'netwrok', lineOf(text, 'netwrok:'));
      expect(p.message).toContain('netwrok');
      expect(p.fix).toContain('network');
    });

    it('names the file, line and field of an unknown field inside a vms item', () => {
      const text = replaceLine(GOOD_TENANT, '    diskGb: 40', ['    diskGb: 40', '    disks: 3']);
      const { dir, file } = withTenant(text);
      const p = expectProblem(problemsOf(dir), file, 'vms[0].disks', lineOf(text, 'disks: 3'));
      expect(p.message).toContain('disks');
      expect(p.fix).toContain('dataDisksGb');
    });

    it('names the file, line and field of a value of the wrong type (cpus: "four")', () => {
      const text = replaceLine(GOOD_TENANT, '    cpus: 2', '    cpus: "four"');
      const { dir, file } = withTenant(text);
      const p = expectProblem(problemsOf(dir), file, 'vms[0].cpus', lineOf(text, 'cpus: "four"'));
      expect(p.message).toContain('integer');
    });

    it('says which value it found when a value has the wrong type', () => {
      const text = replaceLine(GOOD_TENANT, '    cpus: 2', '    cpus: "four"');
      const { dir, file } = withTenant(text);
      const p = expectProblem(problemsOf(dir), file, 'vms[0].cpus', lineOf(text, 'cpus: "four"'));
      expect(p.message).toContain('"four"');
      expect(p.message).not.toContain('undefined');
    });

    it('names the file, line and field of an unknown site and lists the known sites', () => {
      const text = replaceLine(GOOD_TENANT, 'site: lu-colo-1', 'site: lu-colo-9');
      const { dir, file } = withTenant(text);
      const p = expectProblem(problemsOf(dir), file, 'site', lineOf(text, 'site: lu-colo-9'));
      expect(p.message).toContain('lu-colo-9');
      expect(p.fix).toContain('lu-colo-1');
    });

    it('names the file, line and field of an unknown classification and lists the known ones', () => {
      const text = replaceLine(GOOD_TENANT, 'classification: internal', 'classification: top-secret');
      const { dir, file } = withTenant(text);
      const p = expectProblem(problemsOf(dir), file, 'classification', lineOf(text, 'classification: top-secret'));
      expect(p.message).toContain('top-secret');
      expect(p.fix).toContain('internal');
    });

    it('names the second file of two tenants with the same name, and the first file in the message', () => {
      const dir = copyConfig();
      // Same name as the mfin-internal example, otherwise valid (own VLAN and network); .yml sorts after .yaml.
      const text = replaceLine(GOOD_TENANT, 'name: test-tenant', 'name: mfin-internal');
      const file = path.join(dir, 'tenants', 'mfin-internal.yml');
      fs.writeFileSync(file, text);
      const problems = problemsOf(dir);
      const p = expectProblem(problems, file, 'name', lineOf(text, 'name: mfin-internal'));
      expect(p.message).toContain(path.join(dir, 'tenants', 'mfin-internal.yaml'));
      expect(problems).toHaveLength(1);
    });

    it('reports a duplicate name even when the first file with that name has problems of its own', () => {
      const first = replaceLine(GOOD_TENANT, 'site: lu-colo-1', 'site: nowhere');
      const { dir, file: firstFile } = withTenant(first);
      const second = path.join(dir, 'tenants', 'test-tenant.yml');
      fs.writeFileSync(second, replaceLine(GOOD_TENANT, '  vlan: 3001', '  vlan: 3002').replace('10.250.0.0/24', '10.252.0.0/24'));
      const problems = problemsOf(dir);
      expectProblem(problems, firstFile, 'site', lineOf(first, 'site: nowhere'));
      expect(expectProblem(problems, second, 'name', 1 + GOOD_TENANT.split('\n').findIndex((l) => l.startsWith('name:'))).message).toContain(firstFile);
    });

    it.each([0, 4095])('names the file, line and field of VLAN %i, outside 1..4094', (vlan) => {
      const text = replaceLine(GOOD_TENANT, '  vlan: 3001', `  vlan: ${vlan}`);
      const { dir, file } = withTenant(text);
      const p = expectProblem(problemsOf(dir), file, 'network.vlan', lineOf(text, `vlan: ${vlan}`));
      expect(p.message).toContain(String(vlan));
      expect(p.fix).toMatch(/1\b.*4094/);
    });

    it.each([1, 4094])('accepts VLAN %i, the edge of the allowed range', (vlan) => {
      const { dir } = withTenant(replaceLine(GOOD_TENANT, '  vlan: 3001', `  vlan: ${vlan}`));
      expect(loadConfig(dir).tenants.map((t) => t.spec.name)).toContain('test-tenant');
    });

    it('names the file, line and field of a CIDR that overlaps another tenant on the same site', () => {
      const dir = copyConfig();
      writeTenant(dir, 'test-a', replaceLine(GOOD_TENANT, 'name: test-tenant', 'name: test-a'));
      let b = replaceLine(GOOD_TENANT, 'name: test-tenant', 'name: test-b');
      b = replaceLine(b, '  vlan: 3001', '  vlan: 3002');
      b = replaceLine(b, '  cidr: 10.250.0.0/24', '  cidr: 10.250.0.0/23');
      const fileB = writeTenant(dir, 'test-b', b);
      const problems = problemsOf(dir);
      const p = expectProblem(problems, fileB, 'network.cidr', lineOf(b, 'cidr: 10.250.0.0/23'));
      expect(p.message).toContain('test-a');
      expect(p.message).toContain('10.250.0.0/24');
      expect(problems).toHaveLength(1);
    });

    it('does not report the same CIDR (and VLAN) used by two tenants on different sites', () => {
      const dir = copyConfig();
      writeTenant(dir, 'test-a', replaceLine(GOOD_TENANT, 'name: test-tenant', 'name: test-a'));
      const b = replaceLine(replaceLine(GOOD_TENANT, 'name: test-tenant', 'name: test-b'), 'site: lu-colo-1', 'site: ctie-govcloud-1');
      writeTenant(dir, 'test-b', b);
      const config = loadConfig(dir);
      expect(config.tenants.map((t) => t.spec.name)).toEqual([...EXAMPLES, 'test-a', 'test-b']);
      expect(config.tenants.filter((t) => t.spec.network.cidr === '10.250.0.0/24').map((t) => t.spec.site)).toEqual(['lu-colo-1', 'ctie-govcloud-1']);
    });

    it('names the file, line and field of a CIDR with host bits set and gives the network address', () => {
      const text = replaceLine(GOOD_TENANT, '  cidr: 10.250.0.0/24', '  cidr: 10.250.0.5/24');
      const { dir, file } = withTenant(text);
      const p = expectProblem(problemsOf(dir), file, 'network.cidr', lineOf(text, 'cidr: 10.250.0.5/24'));
      expect(p.message).toContain('10.250.0.5/24');
      expect(p.fix).toContain('10.250.0.0/24');
    });

    it('names the file, line and field of a template that is not in the content library of the site', () => {
      // rhel9-hardened exists only in the air-gapped enclave, not at lu-colo-1.
      const text = replaceLine(GOOD_TENANT, '    template: rhel9-cis', '    template: rhel9-hardened');
      const { dir, file } = withTenant(text);
      const p = expectProblem(problemsOf(dir), file, 'vms[0].template', lineOf(text, 'template: rhel9-hardened'));
      expect(p.message).toContain('rhel9-hardened');
      expect(p.message).toContain('lu-colo-1');
      expect(p.fix).toContain('rhel9-cis');
    });

    it('names the file, the line of the object and the missing field when a VM group lacks memoryMb', () => {
      const text = replaceLine(GOOD_TENANT, '    memoryMb: 4096', []);
      const { dir, file } = withTenant(text);
      const p = expectProblem(problemsOf(dir), file, 'vms[0].memoryMb', lineOf(text, '- name: app'));
      expect(p.message).toContain('memoryMb');
      expect(p.fix).toContain('memoryMb');
    });

    it('names the file, a line and the missing field when a tenant has no site', () => {
      const text = replaceLine(GOOD_TENANT, 'site: lu-colo-1', []);
      const { dir, file } = withTenant(text);
      const problems = problemsOf(dir);
      const mine = problems.filter((p) => p.file === file);
      expect(mine).toHaveLength(1);
      // The tenant object starts at its first key, the line a reader would go to add the field.
      expect(mine[0].line).toBe(lineOf(text, 'name: test-tenant'));
      expect(mine[0].field).toBe('site');
      expect(formatProblem(mine[0])).toContain('site');
      expect(mine[0].fix).toContain('site');
    });

    it('reports every problem of every file in one ConfigError, not only the first', () => {
      const dir = copyConfig();
      const broken = replaceLine(replaceLine(GOOD_TENANT, 'name: test-tenant', 'name: test-a'), '  vlan: 3001', '  vlan: 3001 cidr: 10.250.0.0/24');
      const fileA = writeTenant(dir, 'test-a', broken);

      let siteless = replaceLine(GOOD_TENANT, 'name: test-tenant', 'name: test-b');
      siteless = replaceLine(replaceLine(siteless, '  vlan: 3001', '  vlan: 3002'), '  cidr: 10.250.0.0/24', '  cidr: 10.250.2.0/24');
      siteless = replaceLine(siteless, 'site: lu-colo-1', 'site: nowhere-1');
      const fileB = writeTenant(dir, 'test-b', siteless);

      // Two problems in one file: a template the site lacks and host bits in the CIDR.
      let twice = replaceLine(GOOD_TENANT, 'name: test-tenant', 'name: test-c');
      twice = replaceLine(replaceLine(twice, '  vlan: 3001', '  vlan: 3003'), '  cidr: 10.250.0.0/24', '  cidr: 10.250.3.1/24');
      twice = replaceLine(twice, '    template: rhel9-cis', '    template: rhel9-hardened');
      const fileC = writeTenant(dir, 'test-c', twice);

      let typed = replaceLine(GOOD_TENANT, 'name: test-tenant', 'name: test-d');
      typed = replaceLine(replaceLine(typed, '  vlan: 3001', '  vlan: 3004'), '  cidr: 10.250.0.0/24', '  cidr: 10.250.4.0/24');
      typed = replaceLine(typed, '    cpus: 2', '    cpus: "four"');
      const fileD = writeTenant(dir, 'test-d', typed);

      let thrown: unknown;
      try {
        loadConfig(dir);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      const problems = [...(thrown as ConfigError).problems];
      expect(problems).toContainEqual(expect.objectContaining({ file: fileA, line: lineOf(broken, 'vlan: 3001 cidr') }));
      expectProblem(problems, fileB, 'site', lineOf(siteless, 'site: nowhere-1'));
      expectProblem(problems, fileC, 'vms[0].template', lineOf(twice, 'template: rhel9-hardened'));
      expectProblem(problems, fileC, 'network.cidr', lineOf(twice, 'cidr: 10.250.3.1/24'));
      expectProblem(problems, fileD, 'vms[0].cpus', lineOf(typed, 'cpus: "four"'));
      // The bundled examples stay valid: every problem is in a file the test broke.
      expect(new Set(problems.map((p) => p.file))).toEqual(new Set([fileA, fileB, fileC, fileD]));
      // And the error's message lists each of them, as the CLI prints it.
      const message = (thrown as ConfigError).message;
      for (const p of problems) expect(message).toContain(formatProblem(p));
    });
  });
});
