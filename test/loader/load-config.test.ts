import * as path from 'path';
import { ConfigError, formatProblem, loadConfig, type ConfigProblem } from '../../loader';
import { BUNDLED_CONFIG, configWith, tenantYaml, type TenantFields, type YamlText } from '../fixtures/config-files';

/**
 * Every case copies the bundled `config/` folder into a temp dir and adds or edits one tenant file, so the
 * examples stay the reference and each test shows exactly the text that is wrong. Expected lines are computed
 * from the text the test wrote, never typed by hand.
 */
const EXAMPLES = ['dsp-ng', 'enclave-analytics', 'igss-analytics', 'lih-research', 'mfin-internal'];

/** A well-formed tenant test-tenant on lu-colo-1 that clashes with none of the examples. */
const GOOD_TENANT = tenantYaml();

/** A tenant `name` on VLAN 3000+n and network 10.250.n.0/24, so it clashes with no other test tenant for n > 1. */
const another = (name: string, n: number, fields: TenantFields = {}) => tenantYaml({ name, network: { vlan: 3000 + n, cidr: `10.250.${n}.0/24` }, ...fields });

/** The path of `tenants/<file>` in `dir`, as the loader names it. */
const tenantFile = (dir: string, file: string) => path.join(dir, 'tenants', file);

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

/** A copy of the bundled config with `tenants/<file>` written from `text`; the folder, the file and the text. */
function withTenant(text: YamlText, file = 'test-tenant.yaml'): { dir: string; file: string; text: YamlText } {
  const dir = configWith({ tenants: { [file]: text } });
  return { dir, file: tenantFile(dir, file), text };
}

describe('loadConfig', () => {
  describe('the bundled config folder', () => {
    it('loads the five example tenants sorted by name, each with the file it came from', () => {
      const config = loadConfig(BUNDLED_CONFIG);
      expect(config.tenants.map((t) => t.spec.name)).toEqual(EXAMPLES);
      for (const t of config.tenants) expect(t.file).toBe(path.join(BUNDLED_CONFIG, 'tenants', `${t.spec.name}.yaml`));
    });

    it('sorts tenants by their name, not by the name of their file', () => {
      // File names sort test-tenant.yaml before test.yaml ('-' before '.'); tenant names sort test first.
      const dir = configWith({ tenants: { 'test-tenant.yaml': GOOD_TENANT, 'test.yaml': another('test', 2) } });
      const names = loadConfig(dir).tenants.map((t) => t.spec.name);
      expect(names).toEqual([...EXAMPLES, 'test', 'test-tenant']);
    });

    it('accepts a well-formed new tenant and locates its fields by line', () => {
      const { dir, file, text } = withTenant(GOOD_TENANT);
      const config = loadConfig(dir);
      const t = config.tenants.find((x) => x.spec.name === 'test-tenant');
      expect(t).toBeDefined();
      expect(t!.locate('network.vlan')).toBe(`${file}:${text.lineOf('vlan: 3001')}`);
      expect(t!.locate('vms[0].template')).toBe(`${file}:${text.lineOf('template: rhel9-cis')}`);
    });
  });

  describe('on bad input', () => {
    it('names the file and line of a YAML syntax error and says how to fix it', () => {
      // Two keys on one line: a plain scalar may not contain ": " in a block mapping.
      const { dir, file, text } = withTenant(GOOD_TENANT.replace('  vlan: 3001\n', '  vlan: 3001 cidr: 10.250.0.0/24\n'));
      const problems = problemsOf(dir);
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p.file).toBe(file);
        expect(p.line).toBe(text.lineOf('vlan: 3001 cidr'));
        expect(p.message).toMatch(/YAML/);
        expect(p.fix.trim()).not.toBe('');
      }
    });

    it('names the file, line and field of an unknown tenant field (netwrok: typo)', () => {
      const { dir, file, text } = withTenant(GOOD_TENANT.replace('network:', 'netwrok:'));
      const p = expectProblem(problemsOf(dir), file, 'netwrok', text.lineOf('netwrok:'));
      expect(p.message).toContain('netwrok');
      expect(p.fix).toContain('network');
    });

    it('names the file, line and field of an unknown field inside a vms item', () => {
      const { dir, file, text } = withTenant(GOOD_TENANT.replace('    diskGb: 40\n', '    diskGb: 40\n    disks: 3\n'));
      const p = expectProblem(problemsOf(dir), file, 'vms[0].disks', text.lineOf('disks: 3'));
      expect(p.message).toContain('disks');
      expect(p.fix).toContain('dataDisksGb');
    });

    it('names the file, line and field of a value of the wrong type (cpus: "four")', () => {
      const { dir, file, text } = withTenant(GOOD_TENANT.replace('cpus: 2', 'cpus: "four"'));
      const p = expectProblem(problemsOf(dir), file, 'vms[0].cpus', text.lineOf('cpus: "four"'));
      expect(p.message).toContain('integer');
    });

    it('says which value it found when a value has the wrong type', () => {
      const { dir, file, text } = withTenant(GOOD_TENANT.replace('cpus: 2', 'cpus: "four"'));
      const p = expectProblem(problemsOf(dir), file, 'vms[0].cpus', text.lineOf('cpus: "four"'));
      expect(p.message).toContain('"four"');
      expect(p.message).not.toContain('undefined');
    });

    it('names the file, line and field of an unknown site and lists the known sites', () => {
      const { dir, file, text } = withTenant(tenantYaml({ site: 'lu-colo-9' }));
      const p = expectProblem(problemsOf(dir), file, 'site', text.lineOf('site: lu-colo-9'));
      expect(p.message).toContain('lu-colo-9');
      expect(p.fix).toContain('lu-colo-1');
    });

    it('names the file, line and field of an unknown classification and lists the known ones', () => {
      const { dir, file, text } = withTenant(tenantYaml({ classification: 'top-secret' }));
      const p = expectProblem(problemsOf(dir), file, 'classification', text.lineOf('classification: top-secret'));
      expect(p.message).toContain('top-secret');
      expect(p.fix).toContain('internal');
    });

    it('names the second file of two tenants with the same name, and the first file in the message', () => {
      // Same name as the mfin-internal example, otherwise valid (own VLAN and network); .yml sorts after .yaml.
      const { dir, file, text } = withTenant(tenantYaml({ name: 'mfin-internal' }), 'mfin-internal.yml');
      const problems = problemsOf(dir);
      const p = expectProblem(problems, file, 'name', text.lineOf('name: mfin-internal'));
      expect(p.message).toContain(tenantFile(dir, 'mfin-internal.yaml'));
      expect(problems).toHaveLength(1);
    });

    it('reports a duplicate name even when the first file with that name has problems of its own', () => {
      const first = tenantYaml({ site: 'nowhere' });
      const second = another('test-tenant', 2);
      const dir = configWith({ tenants: { 'test-tenant.yaml': first, 'test-tenant.yml': second } });
      const [firstFile, secondFile] = [tenantFile(dir, 'test-tenant.yaml'), tenantFile(dir, 'test-tenant.yml')];
      const problems = problemsOf(dir);
      expectProblem(problems, firstFile, 'site', first.lineOf('site: nowhere'));
      expect(expectProblem(problems, secondFile, 'name', second.lineOf('name: test-tenant')).message).toContain(firstFile);
    });

    it.each([0, 4095])('names the file, line and field of VLAN %i, outside 1..4094', (vlan) => {
      const { dir, file, text } = withTenant(tenantYaml({ network: { vlan } }));
      const p = expectProblem(problemsOf(dir), file, 'network.vlan', text.lineOf(`vlan: ${vlan}`));
      expect(p.message).toContain(String(vlan));
      expect(p.fix).toMatch(/1\b.*4094/);
    });

    it.each([1, 4094])('accepts VLAN %i, the edge of the allowed range', (vlan) => {
      const { dir } = withTenant(tenantYaml({ network: { vlan } }));
      expect(loadConfig(dir).tenants.map((t) => t.spec.name)).toContain('test-tenant');
    });

    it('names the file, line and field of a CIDR that overlaps another tenant on the same site', () => {
      const b = tenantYaml({ name: 'test-b', network: { vlan: 3002, cidr: '10.250.0.0/23' } });
      const dir = configWith({ tenants: { 'test-a.yaml': tenantYaml({ name: 'test-a' }), 'test-b.yaml': b } });
      const problems = problemsOf(dir);
      const p = expectProblem(problems, tenantFile(dir, 'test-b.yaml'), 'network.cidr', b.lineOf('cidr: 10.250.0.0/23'));
      expect(p.message).toContain('test-a');
      expect(p.message).toContain('10.250.0.0/24');
      expect(problems).toHaveLength(1);
    });

    it('does not report the same CIDR (and VLAN) used by two tenants on different sites', () => {
      const dir = configWith({ tenants: { 'test-a.yaml': tenantYaml({ name: 'test-a' }), 'test-b.yaml': tenantYaml({ name: 'test-b', site: 'ctie-govcloud-1' }) } });
      const config = loadConfig(dir);
      expect(config.tenants.map((t) => t.spec.name)).toEqual([...EXAMPLES, 'test-a', 'test-b']);
      expect(config.tenants.filter((t) => t.spec.network.cidr === '10.250.0.0/24').map((t) => t.spec.site)).toEqual(['lu-colo-1', 'ctie-govcloud-1']);
    });

    it('names the file, line and field of a CIDR with host bits set and gives the network address', () => {
      const { dir, file, text } = withTenant(tenantYaml({ network: { cidr: '10.250.0.5/24' } }));
      const p = expectProblem(problemsOf(dir), file, 'network.cidr', text.lineOf('cidr: 10.250.0.5/24'));
      expect(p.message).toContain('10.250.0.5/24');
      expect(p.fix).toContain('10.250.0.0/24');
    });

    it('names the file, line and field of a template that is not in the content library of the site', () => {
      // rhel9-hardened exists only in the air-gapped enclave, not at lu-colo-1.
      const { dir, file, text } = withTenant(tenantYaml({ vms: [{ template: 'rhel9-hardened' }] }));
      const p = expectProblem(problemsOf(dir), file, 'vms[0].template', text.lineOf('template: rhel9-hardened'));
      expect(p.message).toContain('rhel9-hardened');
      expect(p.message).toContain('lu-colo-1');
      expect(p.fix).toContain('rhel9-cis');
    });

    it('names the file, the line of the object and the missing field when a VM group lacks memoryMb', () => {
      const { dir, file, text } = withTenant(GOOD_TENANT.replace('    memoryMb: 4096\n', ''));
      const p = expectProblem(problemsOf(dir), file, 'vms[0].memoryMb', text.lineOf('- name: app'));
      expect(p.message).toContain('memoryMb');
      expect(p.fix).toContain('memoryMb');
    });

    it('names the file, a line and the missing field when a tenant has no site', () => {
      const { dir, file, text } = withTenant(GOOD_TENANT.replace('site: lu-colo-1\n', ''));
      const problems = problemsOf(dir);
      const mine = problems.filter((p) => p.file === file);
      expect(mine).toHaveLength(1);
      // The tenant object starts at its first key, the line a reader would go to add the field.
      expect(mine[0].line).toBe(text.lineOf('name: test-tenant'));
      expect(mine[0].field).toBe('site');
      expect(formatProblem(mine[0])).toContain('site');
      expect(mine[0].fix).toContain('site');
    });

    it('reports every problem of every file in one ConfigError, not only the first', () => {
      const broken = tenantYaml({ name: 'test-a' }).replace('  vlan: 3001\n', '  vlan: 3001 cidr: 10.250.0.0/24\n');
      const siteless = another('test-b', 2, { site: 'nowhere-1' });
      // Two problems in one file: a template the site lacks and host bits in the CIDR.
      const twice = tenantYaml({ name: 'test-c', network: { vlan: 3003, cidr: '10.250.3.1/24' }, vms: [{ template: 'rhel9-hardened' }] });
      const typed = another('test-d', 4).replace('cpus: 2', 'cpus: "four"');
      const dir = configWith({ tenants: { 'test-a.yaml': broken, 'test-b.yaml': siteless, 'test-c.yaml': twice, 'test-d.yaml': typed } });
      const [fileA, fileB, fileC, fileD] = ['a', 'b', 'c', 'd'].map((x) => tenantFile(dir, `test-${x}.yaml`));

      let thrown: unknown;
      try {
        loadConfig(dir);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      const problems = [...(thrown as ConfigError).problems];
      expect(problems).toContainEqual(expect.objectContaining({ file: fileA, line: broken.lineOf('vlan: 3001 cidr') }));
      expectProblem(problems, fileB, 'site', siteless.lineOf('site: nowhere-1'));
      expectProblem(problems, fileC, 'vms[0].template', twice.lineOf('template: rhel9-hardened'));
      expectProblem(problems, fileC, 'network.cidr', twice.lineOf('cidr: 10.250.3.1/24'));
      expectProblem(problems, fileD, 'vms[0].cpus', typed.lineOf('cpus: "four"'));
      // The bundled examples stay valid: every problem is in a file the test broke.
      expect(new Set(problems.map((p) => p.file))).toEqual(new Set([fileA, fileB, fileC, fileD]));
      // And the error's message lists each of them, as the CLI prints it.
      const message = (thrown as ConfigError).message;
      for (const p of problems) expect(message).toContain(formatProblem(p));
    });
  });
});
