import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runGovcloud } from './run-govcloud';
import { ServedGovcloud } from './served-govcloud';
import { configWith } from '../fixtures/config-files';
import { createHash } from 'crypto';
import { pick, seededRandom, type Random } from '../fixtures/seeded-random';

/**
 * Seeded fuzzing of `govcloud synth` on mutations of the example config: whatever the input, the exit code is
 * 0, 1 or 2 (never 3, the code of a bug), no stack trace is printed, nothing is written outside `--out`, and on
 * 1 or 2 nothing is written at all. The mutations are the mistakes and attacks a tenant file sees: lines lost,
 * doubled or re-indented, values of the wrong type or size, YAML aliases and tags, names that clash with
 * JavaScript, files that are not regular files. The seed is fixed, so a failure repeats; `GOVCLOUD_FUZZ_SEED`
 * and `GOVCLOUD_FUZZ_RUNS` explore further.
 *
 * Most runs call the built program in one Node process that serves them all (`ServedGovcloud`), outside jest's
 * sandbox, which keeps the suite fast; a few run the built CLI end to end, a process each, and must print what
 * the serving process printed for the same config.
 */
const SEED = Number(process.env.GOVCLOUD_FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.GOVCLOUD_FUZZ_RUNS ?? 300);
/** Runs through the built CLI, a process each: with the default seed they exit 2, 1 and 2, the refusals' paths. */
const CLI_RUNS = 3;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-fuzz-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Values a field may be given by mistake or on purpose. */
const VALUES = [
  '', '~', 'null', '-1', '0', '1e309', '0x10', '.inf', 'true', 'yes', '[]', '{}', '[1, [2, [3]]]',
  'constructor', '__proto__', 'toString', 'hasOwnProperty', '../../../etc/passwd', 'a/b', 'UPPER-case', '🙂',
  '"\\u0000"', '*nope', '&anchor x', '!!binary aGVsbG8=', '!!js/function "function(){}"', '!custom tag',
  `"${'a'.repeat(70_000)}"`, `${'9'.repeat(400)}`, `"${'x@'.repeat(20_000)}"`, "'", '"', '{', ']', ': :', '- - -',
  'dsp-ng', 'ctie-govcloud-1', 'research-de-1', 'health', 'classified', '10.21.0.0/24', '0.0.0.0/0', '999', '4096',
];

/** Whole-file replacements: documents that are valid YAML but not a config, and attacks on the parser. */
const DOCUMENTS = [
  '',
  '---\n---\n',
  '- a\n- b\n',
  'just a string\n',
  '42\n',
  'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n',
  'x: *nope\n',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}\n`,
  `${'a: '.repeat(2_000)}1\n`,
  '\u00ff\u00fe\u0000\u0001binary\n',
];

/** One mutation of the config in `dir`; returns what it did, for the failure message. */
function mutate(dir: string, r: Random): string {
  // Text is mutated only in regular files: an earlier mutation may have left a link to /dev/zero, or no folder.
  const tenants = fs.lstatSync(path.join(dir, 'tenants')).isDirectory() ? fs.readdirSync(path.join(dir, 'tenants')).map((f) => `tenants/${f}`) : [];
  const files = ['sites.yaml', 'classifications.yaml', ...tenants].filter((f) => fs.lstatSync(path.join(dir, f)).isFile());
  const rel = pick(r, files);
  const file = path.join(dir, rel);
  const kind = pick(r, ['value', 'value', 'value', 'delete', 'duplicate', 'indent', 'truncate', 'document', 'rename', 'special', 'place', 'place', 'refuse']);
  if (kind === 'refuse') {
    // A valid edit that breaks a residency rule for sure: classified data off an air-gapped site, health data at
    // Clarence (whose owners answer to Belgian law too).
    const rels = files.filter((f) => f.startsWith('tenants/'));
    if (rels.length === 0) return 'refuse (no tenant)';
    const tenant = path.join(dir, pick(r, rels));
    const text = fs.readFileSync(tenant, 'utf8');
    const value = /^site: lu-enclave-1$/m.test(text) ? 'health' : 'classified';
    fs.writeFileSync(tenant, text.replace(/^classification: .*$/m, `classification: ${value}`));
    return `${path.basename(tenant)} classification: ${value} (refused)`;
  }
  if (kind === 'place') {
    // A valid edit that may break a rule: another site or classification for a tenant.
    const tenant = path.join(dir, pick(r, files.filter((f) => f.startsWith('tenants/')).concat('sites.yaml')));
    const field = pick(r, ['site', 'classification']);
    const value =
      field === 'site'
        ? pick(r, ['ctie-govcloud-1', 'lu-colo-1', 'research-de-1', 'lu-enclave-1', 'hyperscaler-eu-west'])
        : pick(r, ['public', 'internal', 'personal', 'health', 'social-security', 'health-research', 'classified']);
    fs.writeFileSync(tenant, fs.readFileSync(tenant, 'utf8').replace(new RegExp(`^${field}: .*$`, 'm'), `${field}: ${value}`));
    return `${path.basename(tenant)} ${field}: ${value}`;
  }
  if (kind === 'special') {
    const special = pick(r, ['fifo-like', 'folder', 'link-to-zero', 'link-outside', 'tenants-as-file']);
    if (special === 'tenants-as-file') {
      fs.rmSync(path.join(dir, 'tenants'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'tenants'), 'not a folder');
    } else if (special === 'folder') {
      fs.mkdirSync(path.join(dir, 'tenants', 'dir.yaml'));
    } else if (special === 'link-to-zero') {
      fs.symlinkSync('/dev/zero', path.join(dir, 'tenants', 'zero.yaml'));
    } else if (special === 'link-outside') {
      fs.symlinkSync('/etc/hostname', path.join(dir, 'tenants', 'outside.yaml'));
    } else {
      fs.symlinkSync('/dev/null', path.join(dir, 'tenants', 'null.yaml'));
    }
    return `special ${special}`;
  }
  if (kind === 'rename') {
    if (!rel.startsWith('tenants/')) return 'rename (no tenant chosen)';
    const to = path.join(dir, 'tenants', `${pick(r, ['constructor', 'other-name', 'UPPER', 'x'])}.yaml`);
    fs.renameSync(file, to);
    return `rename ${rel} -> ${path.basename(to)}`;
  }
  if (kind === 'document') {
    const doc = pick(r, DOCUMENTS);
    fs.writeFileSync(file, doc);
    return `${rel} replaced by ${JSON.stringify(doc.slice(0, 40))}`;
  }
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = Math.floor(r() * lines.length);
  if (kind === 'delete') lines.splice(i, 1);
  else if (kind === 'duplicate') lines.splice(i, 0, lines[i]);
  else if (kind === 'indent') lines[i] = r() < 0.5 ? `  ${lines[i]}` : lines[i].replace(/^ {1,2}/, '');
  else if (kind === 'truncate') lines.length = i;
  else {
    const withValue = lines.map((l, j) => ({ l, j })).filter(({ l }) => /:\s*\S/.test(l) && !/^\s*#/.test(l));
    const target = withValue.length ? pick(r, withValue) : { l: lines[i], j: i };
    lines[target.j] = target.l.replace(/:\s*.*$/, `: ${pick(r, VALUES)}`);
    fs.writeFileSync(file, lines.join('\n'));
    return `${rel}:${target.j + 1} ${JSON.stringify(lines[target.j].slice(0, 60))}`;
  }
  fs.writeFileSync(file, lines.join('\n'));
  return `${kind} ${rel}:${i + 1}`;
}

/** A workspace with a copy of the config, mutated `count` times. */
function mutatedWorkspace(r: Random, n: number): { dir: string; config: string; out: string; did: string[] } {
  const dir = path.join(root, `run-${n}`);
  const config = path.join(dir, 'config');
  fs.mkdirSync(dir);
  configWith({}, config);
  const did: string[] = [];
  const count = 1 + Math.floor(r() * 3);
  for (let k = 0; k < count; k++) {
    try {
      did.push(mutate(config, r));
    } catch (e) {
      did.push(`(mutation skipped: ${(e as Error).message})`);
    }
  }
  return { dir, config, out: path.join(dir, 'out'), did };
}

/** The built CLI, run in one serving Node process for the whole loop. */
const served = new ServedGovcloud();
afterAll(() => served.close());

/** Runs `govcloud synth` (the built program, in the serving process) on `config` into `out`. */
async function synthHere(config: string, out: string): Promise<{ code: number; printed: string }> {
  const run = await served.run(['synth', '--config', config, '--out', out, '--jobs', '1']);
  return { code: run.status ?? 3, printed: `${run.stdout}${run.stderr}` };
}

/** The config as it stands: regular files by hash, links by target, other files by kind; never reads a device. */
function snapshotConfig(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (e.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(p)}`;
      else if (e.isDirectory()) walk(p);
      else if (e.isFile()) out[rel] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
      else out[rel] = 'special';
    }
  };
  if (fs.statSync(dir).isDirectory()) walk(dir);
  return out;
}

const STACK_TRACE = /\n\s+at \S+ \(|internal error/;

describe(`govcloud synth on ${RUNS} seeded mutations of the example config (seed ${SEED})`, () => {
  it('always exits 0, 1 or 2, prints no stack trace, and writes nothing outside --out (nothing at all unless 0)', async () => {
    const r = seededRandom(SEED);
    const seen: Record<number, number> = {};
    for (let n = 0; n < RUNS; n++) {
      const ws = mutatedWorkspace(r, n);
      const before = snapshotConfig(ws.config);
      const { code, printed } = await synthHere(ws.config, ws.out);
      seen[code] = (seen[code] ?? 0) + 1;
      const context = { run: n, mutations: ws.did, code, printed: printed.slice(0, 2000) };
      expect({ ...context, ok: [0, 1, 2].includes(code) && !STACK_TRACE.test(printed) }).toEqual({ ...context, ok: true });
      expect(fs.readdirSync(ws.dir).sort()).toEqual(code === 0 ? ['config', 'out'] : ['config']);
      expect(snapshotConfig(ws.config)).toEqual(before);
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
    // The mutations reach every outcome, so the test is not only exercising the loader's first refusal.
    expect(Object.keys(seen).sort()).toEqual(['0', '1', '2']);
  }, 120_000);

  it('behaves the same through the built CLI: the exit code and the messages of the serving process', async () => {
    const r = seededRandom(SEED + 1);
    const args = ['synth', '--config', 'config', '--out', 'out'];
    for (let n = 0; n < CLI_RUNS; n++) {
      const ws = mutatedWorkspace(r, 10_000 + n);
      const here = await served.run(args, { cwd: ws.dir });
      fs.rmSync(path.join(ws.dir, 'out'), { recursive: true, force: true });
      const run = runGovcloud(args, { cwd: ws.dir });
      const context = { run: n, mutations: ws.did, status: run.status, stderr: run.stderr.slice(0, 2000) };
      expect({ ...context, ok: [0, 1, 2].includes(run.status ?? -1) && !STACK_TRACE.test(run.stderr) }).toEqual({ ...context, ok: true });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: here.status, stderr: here.stderr });
      expect(fs.readdirSync(ws.dir).sort()).toEqual(run.status === 0 ? ['config', 'out'] : ['config']);
    }
  }, 120_000);
});
