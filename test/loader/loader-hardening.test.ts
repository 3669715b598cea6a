import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig, type ConfigProblem } from '../../loader';
import { CONFIG_FILE_MAX_BYTES } from '../../loader/read-input-file';
import { bundledYaml, configWith, tenantYaml, yamlText, type YamlText } from '../fixtures/config-files';

/**
 * Hostile or broken config (issue 10): each case is refused as a ConfigError (exit 2) naming the file, the line
 * and the fix, never a crash, a hang or a stack trace. Every case copies the bundled config and adds one file.
 */

/** A valid tenant, test-tenant on lu-colo-1, for the cases to add hostile text to. */
const TENANT = tenantYaml();

/** A copy of the config with `tenants/<name>.yaml` written from `text`; returns the folder and the file. */
function withTenant(name: string, text: YamlText | Uint8Array): { dir: string; file: string } {
  const dir = configWith({ tenants: { [`${name}.yaml`]: text } });
  return { dir, file: path.join(dir, 'tenants', `${name}.yaml`) };
}

/** The problems loading `dir` gives; fails if it gives anything but a ConfigError. */
function problemsOf(dir: string): ConfigProblem[] {
  try {
    loadConfig(dir);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw new Error(`expected a ConfigError, got ${e instanceof Error ? e.stack : String(e)}`);
  }
  throw new Error('expected a ConfigError, but the config loaded');
}

/** The one problem about `file`; it must say how to fix it. */
function theProblem(dir: string, file: string): ConfigProblem {
  const mine = problemsOf(dir).filter((p) => p.file === file);
  expect(mine).toHaveLength(1);
  expect(mine[0].fix.trim()).not.toBe('');
  return mine[0];
}

describe('loadConfig refuses hostile YAML', () => {
  it('refuses a YAML alias bomb at the line of its first alias, without expanding it', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    const text = TENANT.append(`${levels.join('\n')}\n`);
    const { dir, file } = withTenant('test-tenant', text);
    const p = theProblem(dir, file);
    expect(p.line).toBe(text.lineOf('b: &b'));
    expect(p.message).toContain('alias *a');
    expect(p.message).toContain('72 aliases');
  });

  it('refuses an unresolved alias as bad config at its line', () => {
    const text = TENANT.append('x: *nope\n');
    const { dir, file } = withTenant('test-tenant', text);
    const p = theProblem(dir, file);
    expect(p).toMatchObject({ line: text.lineOf('x: *nope'), field: '' });
    expect(p.message).toContain('*nope');
  });

  it('refuses a merge key, which is an alias too', () => {
    const text = TENANT.append('base: &base { cpus: 2 }\nother:\n  <<: *base\n');
    const { dir, file } = withTenant('test-tenant', text);
    expect(theProblem(dir, file).line).toBe(text.lineOf('<<: *base'));
  });

  it(`refuses nesting deeper than the schemas need, at the line where it goes too deep`, () => {
    const text = TENANT.append(`deep:\n${Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`);
    const { dir, file } = withTenant('test-tenant', text);
    const p = theProblem(dir, file);
    expect(p.message).toMatch(/nests deeper than \d+ levels/);
    expect(p.line).toBeGreaterThan(text.lineOf('deep:'));
  });

  it('refuses nesting too deep for the YAML parser itself with a message, not a stack overflow', () => {
    const { dir, file } = withTenant('test-tenant', yamlText(`x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`));
    expect(theProblem(dir, file).message).toMatch(/nests too deeply/);
  });

  it('reports a __proto__ key as an unknown field, not as a change to every object', () => {
    const text = TENANT.append('__proto__: { polluted: true }\n');
    const { dir, file } = withTenant('test-tenant', text);
    const p = theProblem(dir, file);
    expect(p).toMatchObject({ field: '__proto__', line: text.lineOf('__proto__:') });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe('loadConfig refuses names that would clash', () => {
  it('refuses a tenant named constructor, a member of every JavaScript object', () => {
    const text = tenantYaml({ name: 'constructor' });
    const { dir, file } = withTenant('constructor', text);
    const p = theProblem(dir, file);
    expect(p).toMatchObject({ field: 'name', line: text.lineOf('name: constructor') });
    expect(p.message).toContain('reserved');
  });

  it.each(['__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('refuses a tenant named %s', (name) => {
    const text = tenantYaml({ name });
    const { dir, file } = withTenant(name, text);
    expect(theProblem(dir, file)).toMatchObject({ field: 'name', line: text.lineOf(`name: ${name}`) });
  });

  it('refuses a tenant named site-<something>, the names of the site stacks', () => {
    const text = tenantYaml({ name: 'site-lu-colo-1' });
    const { dir, file } = withTenant('site-lu-colo-1', text);
    const p = theProblem(dir, file);
    expect(p).toMatchObject({ field: 'name', line: text.lineOf('name: site-lu-colo-1') });
    expect(p.message).toContain('names the stacks of sites');
  });

  it('refuses two VM groups of one tenant with the same name, naming the lines of both', () => {
    const text = tenantYaml({ vms: [{ name: 'web' }, { name: 'web' }] });
    const { dir, file } = withTenant('test-tenant', text);
    const p = theProblem(dir, file);
    const [first, second] = text.linesOf('- name: web');
    expect(p).toMatchObject({ field: 'vms[1].name', line: second });
    expect(p.message).toContain(`line ${first}`);
  });

  it('refuses two content library items of one tenant with the same name, naming the lines of both', () => {
    const items = [
      { name: 'tool', url: 'https://mirror.ctie.lu/a.ova' },
      { name: 'tool', url: 'https://mirror.ctie.lu/b.ova' },
    ];
    const text = tenantYaml({ contentLibrary: { items } });
    const { dir, file } = withTenant('test-tenant', text);
    const p = theProblem(dir, file);
    const [first, second] = text.linesOf('- name: tool');
    expect(p).toMatchObject({ field: 'contentLibrary.items[1].name', line: second });
    expect(p.message).toContain(`line ${first}`);
  });

  it('refuses a tenant whose name differs from its file name, naming both at the line of name', () => {
    const text = tenantYaml({ name: 'igss-personal' });
    const { dir, file } = withTenant('igss', text);
    const p = theProblem(dir, file);
    expect(p).toMatchObject({ field: 'name', line: text.lineOf('name: igss-personal') });
    expect(p.message).toContain('igss-personal');
    expect(p.message).toContain('igss.yaml');
  });
});

describe('loadConfig refuses files it must not read', () => {
  it('refuses a tenants path that is a file, not a folder', () => {
    const dir = configWith();
    fs.rmSync(path.join(dir, 'tenants'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'tenants'), 'not a folder\n');
    expect(theProblem(dir, path.join(dir, 'tenants')).message).toContain('not a folder');
  });

  it('refuses a tenant file that is a link to /dev/zero without reading it', () => {
    const dir = configWith();
    const file = path.join(dir, 'tenants', 'zero.yaml');
    fs.symlinkSync('/dev/zero', file);
    expect(theProblem(dir, file).message).toContain('character device');
  });

  it('refuses a tenant file that is a FIFO without opening it (which would wait for a writer forever)', () => {
    const dir = configWith();
    const file = path.join(dir, 'tenants', 'pipe.yaml');
    execFileSync('mkfifo', [file]);
    expect(theProblem(dir, file).message).toContain('FIFO');
  });

  it.each(['sites.yaml', 'classifications.yaml'])('refuses a %s that is a folder', (name) => {
    const dir = configWith();
    const file = path.join(dir, name);
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(problemsOf(dir)).toContainEqual(expect.objectContaining({ file, message: expect.stringContaining('a folder, not a regular file') }));
  });

  it(`refuses a file over ${CONFIG_FILE_MAX_BYTES} bytes before parsing it`, () => {
    const { dir, file } = withTenant('test-tenant', TENANT.append(`#${'x'.repeat(CONFIG_FILE_MAX_BYTES)}\n`));
    expect(theProblem(dir, file).message).toContain('over the limit of 1 MiB');
  });

  it('refuses a link to a file outside the config folder, so no file of the machine is quoted in a report', () => {
    const dir = configWith({ remove: ['mfin-internal.yaml'] });
    const outside = path.join(path.dirname(dir), 'outside.yaml');
    fs.writeFileSync(outside, bundledYaml('tenants/mfin-internal.yaml').text);
    const file = path.join(dir, 'tenants', 'mfin-internal.yaml');
    fs.symlinkSync(outside, file);
    expect(theProblem(dir, file).message).toContain('outside the folder');
  });

  it('accepts a tenant file that is a link to a regular file inside the config folder', () => {
    const dir = configWith();
    const file = path.join(dir, 'tenants', 'mfin-internal.yaml');
    fs.renameSync(file, path.join(dir, 'mfin-internal.shared'));
    fs.symlinkSync('../mfin-internal.shared', file);
    expect(loadConfig(dir).tenants.map((t) => t.spec.name)).toContain('mfin-internal');
  });

  it('refuses text that is not UTF-8 at the line of the first bad byte', () => {
    // é written as the one byte 0xe9 (Latin-1), which is not UTF-8; every other character is ASCII.
    const text = TENANT.append('description: caf\u00e9\n');
    const { dir, file } = withTenant('test-tenant', Buffer.from(text.text, 'latin1'));
    const p = theProblem(dir, file);
    expect(p.message).toContain('not UTF-8');
    expect(p.line).toBe(text.lineOf('description: caf'));
  });
});

describe('loadConfig says what is wrong with a file that holds no fields', () => {
  it.each([
    ['an empty file', '', 'the file is empty'],
    ['a comment only', '# nothing yet\n', 'the file is empty'],
    ['a single value', 'hello\n', 'a single value, not a mapping'],
    ['a list', '- a\n- b\n', 'a list, not a mapping'],
  ])('refuses %s at line 1', (_what, text, message) => {
    const { dir, file } = withTenant('test-tenant', yamlText(text));
    expect(theProblem(dir, file)).toMatchObject({ line: 1, message: expect.stringContaining(message) });
  });
});

describe('loadConfig on a huge value', () => {
  it('refuses a 1 MB owner.contact by its length and quotes only the start of it', () => {
    const text = tenantYaml({ owner: { contact: `a@${'.'.repeat(1_000_000)}@` } });
    const { dir, file } = withTenant('test-tenant', text);
    const p = theProblem(dir, file);
    expect(p).toMatchObject({ field: 'owner.contact', line: text.lineOf('  contact:') });
    expect(p.message).toContain('longer than the 254 allowed');
    expect(p.message.length).toBeLessThan(300);
  });
});
