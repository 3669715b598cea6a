/**
 * `npm run bench`: times `govcloud synth` at 100, 1,000 and 5,000 generated tenants, serially (`--jobs 1`) and
 * in parallel (the default, one worker thread per core), against a plain cdktf program that builds the same
 * stacks (bench/plain-cdktf.ts) and against the floor of writing the same bytes with `JSON.stringify` and
 * `fs.writeFileSync` (bench/write-floor.ts). At each size it also times a no-change incremental synth, a synth
 * after one tenant file changed, `govcloud check` of the output and `govcloud diff` against a copy with 1% of
 * the stacks changed; then start-up: `govcloud --help`, which modules `--help`, `check` and `diff` load, and the
 * one-tenant commands (`synth --tenant dsp-ng` and `check` of its stack, on the bundled config). The toolkit's
 * synth includes its whole-stack check; the plain program checks nothing.
 *
 * `--10000` (or naming 10000) adds 10,000 tenants, without plain cdktf (which would need over 2 GiB there), and
 * prints the time per tenant at 10,000 over that at 1,000 for synth, check, diff and no-change synth: 1 when
 * the cost grows linearly. `--quick` runs each size once, without plain cdktf.
 *
 * Every measurement is a fresh `node` child process (fresh heap, start-up included), timed from this process;
 * peak RSS comes from the child itself. Runs are interleaved and the median is reported. Targets are printed
 * with PASS or MISS; a miss is information, so the benchmark exits 0 unless something crashed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COMPILE_CACHE_ENV } from '../cli/compile-cache';
import { figures, median, type Figures } from './figures';
import { generateTenantConfig } from './generate-tenants';
import { freshPageMicros, loopMs } from './machine-speed';
import { CLI, measureChild, REPO, type ChildMeasurement } from './measure-child';
import { CA_BUNDLE_ENV, oneTenantCommands } from './one-tenant';
import { checkOutputs, firstDifference, warnings, warnLoudly, withOnePercentChanged } from './output-checks';

const PLAIN = path.join(__dirname, 'plain-cdktf.js');
const FLOOR = path.join(__dirname, 'write-floor.js');

/**
 * Tenant counts, how many interleaved runs of each program at that count (5,000 takes minutes), whether plain
 * cdktf runs there, and whether the size runs only when asked for (`--10000`, or naming it).
 */
const SIZES: readonly { tenants: number; runs: number; plain: boolean; optIn?: boolean }[] = [
  { tenants: 100, runs: 3, plain: true },
  { tenants: 1000, runs: 3, plain: true },
  { tenants: 5000, runs: 1, plain: true },
  { tenants: 10000, runs: 1, plain: false, optIn: true },
];
const HELP_RUNS = 10;

/** The targets of issue 6, checked against the medians. */
const TARGET = {
  thousandFullMs: 5_000,
  parallelSpeedup: 1.6,
  thousandNoChangeMs: 1_000,
  fiveThousandPeakMiB: 1_024,
  helpMs: 300,
  thousandCheckMs: 2_000,
  thousandDiffMs: 2_000,
  /** Issue 15: time per tenant at 10,000 at most this many times that at 1,000. */
  perTenantRatio: 1.2,
  tenThousandPeakMiB: 600,
  oneTenantMs: 500,
} as const;

/** What one tenant count gave. */
interface SizeResult {
  readonly tenants: number;
  /** `govcloud synth --jobs 1`: every chunk in the main thread. */
  readonly serial: Figures;
  /** `govcloud synth`: one worker thread per core. */
  readonly parallel: Figures;
  readonly plain: Figures;
  /** Writing the same documents with JSON.stringify and writeFileSync, timed inside its process. */
  readonly floor: Figures;
  /** `govcloud synth` again into the same output, nothing changed (incremental: every stack skipped). */
  readonly noChange: Figures;
  /** `govcloud synth` again after one tenant file changed (incremental: one stack rebuilt). */
  readonly oneChanged: Figures;
  /** `govcloud check` of the output (every stack rule, JSON report). */
  readonly check: Figures;
  /** `govcloud diff` of the output against a copy with 1% of the stacks changed. */
  readonly diff: Figures;
}

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function toolkitSynth(config: string, out: string, ...extra: string[]): ChildMeasurement {
  return measureChild(CLI, ['synth', '--config', config, '--out', out, ...extra], { cwd: REPO });
}

/** Doubles the memory of the first VM group in one tenant file; returns a function that puts it back. */
function changeOneTenant(configDir: string, tenant: string): () => void {
  const file = path.join(configDir, 'tenants', `${tenant}.yaml`);
  const original = fs.readFileSync(file, 'utf8');
  const changed = original.replace(/memoryMb: (\d+)/, (_, mb: string) => `memoryMb: ${Number(mb) * 2}`);
  if (changed === original) throw new Error(`${file} has no memoryMb to change`);
  fs.writeFileSync(file, changed);
  return () => fs.writeFileSync(file, original);
}

/** Times the floor: the same documents written with JSON.stringify and writeFileSync (time inside the child). */
function writeFloor(source: string, target: string): ChildMeasurement {
  const run = measureChild(FLOOR, [source, target], { cwd: REPO });
  const { ms } = JSON.parse(run.stdout) as { ms: number };
  return { ...run, ms };
}

function plainSynth(config: string, out: string): ChildMeasurement {
  return measureChild(PLAIN, ['--config', config, '--out', out], { cwd: REPO });
}

/** Generates `n` tenants and runs every measurement `runs` times, interleaved; checks the first outputs. */
function benchSize(root: string, n: number, runs: number, withPlain: boolean): SizeResult {
  const config = generateTenantConfig(path.join(root, `config-${n}`), n, path.join(REPO, 'config'));
  const samples = config.tenants.slice(0, 4);
  const m: Record<Exclude<keyof SizeResult, 'tenants'>, ChildMeasurement[]> = {
    serial: [], parallel: [], plain: [], floor: [], noChange: [], oneChanged: [], check: [], diff: [],
  };
  console.log(`\n== ${fmt(n)} tenants (${runs} run${runs === 1 ? '' : 's'} each, interleaved) ==`);
  for (let run = 0; run < runs; run++) {
    const serialOut = path.join(root, `serial-${n}-${run}`);
    const parallelOut = path.join(root, `parallel-${n}-${run}`);
    const plainOut = path.join(root, `plain-${n}-${run}`);
    const floorOut = path.join(root, `floor-${n}-${run}`);
    const s = toolkitSynth(config.dir, serialOut, '--jobs', '1');
    const p = toolkitSynth(config.dir, parallelOut);
    const q = withPlain ? plainSynth(config.dir, plainOut) : { ms: NaN, cpuMs: NaN, peakMiB: NaN, stdout: '' };
    const f = writeFloor(serialOut, floorOut);
    const c = measureChild(CLI, ['check', parallelOut, '--config', config.dir, '--format', 'json', '--output', path.join(root, 'check.json')], { cwd: REPO });
    m.serial.push(s);
    m.parallel.push(p);
    m.plain.push(q);
    m.floor.push(f);
    m.check.push(c);
    console.log(
      `  run ${run + 1}: serial ${fmt(s.ms)} ms ${fmt(s.peakMiB ?? NaN, 1)} MiB | parallel ${fmt(p.ms)} ms ${fmt(p.peakMiB ?? NaN, 1)} MiB | plain ${fmt(q.ms)} ms ${fmt(q.peakMiB ?? NaN, 1)} MiB | floor ${fmt(f.ms)} ms | check ${fmt(c.ms)} ms`,
    );
    if (run === 0) {
      if (withPlain) checkOutputs(config.tenants, samples, serialOut, plainOut);
      const differs = firstDifference(serialOut, parallelOut);
      console.log(`  check: parallel output byte-identical to serial: ${differs ? `NO (${differs})` : 'yes'}`);
      if (differs) warnLoudly(`parallel and serial synth wrote different ${differs} at ${n} tenants`);
      const sample = path.join('stacks', samples[0], 'cdk.tf.json');
      if (!fs.readFileSync(path.join(serialOut, sample)).equals(fs.readFileSync(path.join(floorOut, sample)))) {
        warnLoudly(`the floor program does not write the bytes synth wrote (${sample}); the floor ratio is off`);
      }
    }
    m.noChange.push(toolkitSynth(config.dir, parallelOut));
    const restore = changeOneTenant(config.dir, samples[1]);
    try {
      const one = toolkitSynth(config.dir, parallelOut);
      if (!one.stdout.includes('synthesized 1 tenant ')) warnLoudly(`after one tenant changed, synth said: ${one.stdout.trim().split('\n').pop()}`);
      m.oneChanged.push(one);
    } finally {
      restore();
    }
    const changedOut = withOnePercentChanged(parallelOut, path.join(root, `changed-${n}-${run}`));
    m.diff.push(measureChild(CLI, ['diff', parallelOut, changedOut, '--config', config.dir, '--format', 'json', '--output', path.join(root, 'diff.json')], { cwd: REPO }));
    for (const dir of [changedOut, serialOut, parallelOut, plainOut, floorOut]) fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.rmSync(config.dir, { recursive: true, force: true });
  const out = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, figures(v)])) as Omit<SizeResult, 'tenants'>;
  return { tenants: n, ...out };
}

function printSize(r: SizeResult): void {
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');
  const row = (label: string, f: Figures, memory = true) =>
    `  ${label.padEnd(22)} ${fmt(f.ms).padStart(9)} ${fmt(f.ms / r.tenants, 2).padStart(10)} ${fmt(f.cpuMs / r.tenants, 2).padStart(10)} ${(memory ? fmt(f.peakMiB, 1) : '-').padStart(9)} ${ratio(f.ms, r.plain.ms).padStart(9)} ${ratio(f.ms, r.floor.ms).padStart(9)}` +
    `   (runs: ${f.samplesMs.map((x) => fmt(x)).join(', ')} ms)`;
  console.log(`\n${fmt(r.tenants)} tenants, medians:`);
  console.log(`  ${''.padEnd(22)} ${'total ms'.padStart(9)} ${'ms/tenant'.padStart(10)} ${'CPU/tenant'.padStart(10)} ${'peak MiB'.padStart(9)} ${'x plain'.padStart(9)} ${'x floor'.padStart(9)}`);
  console.log(row('synth, serial', r.serial));
  console.log(row('synth, parallel', r.parallel));
  if (!Number.isNaN(r.plain.ms)) console.log(row('plain cdktf', r.plain));
  console.log(row('floor (stringify+write)', r.floor, false));
  console.log(row('no-change synth', r.noChange));
  console.log(row('one tenant changed', r.oneChanged));
  console.log(row('check', r.check));
  console.log(row('diff 1%', r.diff));
  console.log(`  parallel speed-up over serial: ${(r.serial.ms / r.parallel.ms).toFixed(2)}x; memory serial/plain ${Number.isNaN(r.plain.peakMiB) ? '-' : (r.serial.peakMiB / r.plain.peakMiB).toFixed(2)}`);
}

/** What one command loaded at start-up: time, modules, and provider binding modules among them. */
interface StartUp {
  readonly command: string;
  readonly ms: number;
  readonly modules: number;
  readonly providerModules: number;
  readonly cdktf: boolean;
}

function startUp(command: string, args: readonly string[]): StartUp {
  const run = measureChild(CLI, args, { cwd: REPO, peakRss: false, traceModules: true });
  const modules = run.modules ?? [];
  return {
    command,
    ms: run.ms,
    modules: modules.length,
    providerModules: modules.filter((f) => /node_modules[\\/]@cdktf[\\/]provider-/.test(f)).length,
    cdktf: modules.some((f) => /node_modules[\\/]cdktf[\\/]/.test(f)),
  };
}

/** The commands whose time per tenant should not grow with the tenant count, and how to read each from a result. */
const LINEAR: readonly [string, (r: SizeResult) => Figures][] = [
  ['synth, parallel', (r) => r.parallel],
  ['synth, serial', (r) => r.serial],
  ['check', (r) => r.check],
  ['diff 1%', (r) => r.diff],
  ['no-change synth', (r) => r.noChange],
];

/**
 * Prints time per tenant at `large.tenants` over that at `small.tenants` for each {@link LINEAR} command, wall
 * and CPU; returns the worst of each.
 */
function printPerTenantRatios(small: SizeResult, large: SizeResult): { wall: number; cpu: number } {
  console.log(`\nms per tenant at ${fmt(large.tenants)} over ms per tenant at ${fmt(small.tenants)} (1.00 = linear), wall and CPU, and peak memory at ${fmt(large.tenants)}:`);
  const worst = { wall: 0, cpu: 0 };
  for (const [label, pick] of LINEAR) {
    const [a, b] = [pick(small).ms / small.tenants, pick(large).ms / large.tenants];
    const [ca, cb] = [pick(small).cpuMs / small.tenants, pick(large).cpuMs / large.tenants];
    worst.wall = Math.max(worst.wall, b / a);
    worst.cpu = Math.max(worst.cpu, cb / ca);
    console.log(
      `  ${label.padEnd(18)} wall ${fmt(a, 2).padStart(6)} -> ${fmt(b, 2).padStart(6)} ms/tenant ${(b / a).toFixed(2)}x | CPU ${fmt(ca, 2).padStart(6)} -> ${fmt(cb, 2).padStart(6)} ms/tenant ${(cb / ca).toFixed(2)}x | peak ${fmt(pick(large).peakMiB)} MiB`,
    );
  }
  return worst;
}

function main(): void {
  for (const file of [CLI, PLAIN, FLOOR]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing; run npm run build first (npm run bench does)`);
  }
  const args = process.argv.slice(2);
  const only = args.map(Number).filter((n) => n > 0);
  const chosen = only.length ? SIZES.filter((s) => only.includes(s.tenants)) : SIZES.filter((s) => !s.optIn || args.includes(`--${s.tenants}`));
  // --quick: one run at each size and no plain cdktf, for a machine others are using too (ratios from one sitting).
  const quick = args.includes('--quick');
  const sizes = quick ? chosen.map((s) => ({ ...s, runs: 1, plain: false })) : chosen;
  const started = process.hrtime.bigint();
  const loopAtStart = loopMs();
  const pageAtStart = freshPageMicros();
  console.log(`govcloud-tenants benchmark: node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`machine speed: 3x10^8 additions in ${(loopAtStart / 1000).toFixed(2)} s (median of 3; compare figures only between runs where it is about the same)`);
  console.log(`fresh memory: ${pageAtStart.toFixed(1)} us per 4 KB page touched first (median of 3; a one-tenant synth touches about 12,300)`);
  console.log('each figure is a fresh node process: start-up, config load, synthesis and writing the output (the floor: writing only)');

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-bench-'));
  // The CLI's compile cache: one of the benchmark's own, filled by the warm-up runs below, so that the figures do
  // not depend on what ~/.cache holds or on CI being set (where it is off by default).
  if (!process.env[COMPILE_CACHE_ENV]) process.env[COMPILE_CACHE_ENV] = path.join(root, 'compile-cache');
  const cleanUp = () => fs.rmSync(root, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    // One unmeasured run of each warms the file cache, so the first measured run does not pay for cold reads.
    const warm = generateTenantConfig(path.join(root, 'config-warm-up'), 8, path.join(REPO, 'config'));
    const warmOut = path.join(root, 'warm-toolkit');
    toolkitSynth(warm.dir, warmOut);
    plainSynth(warm.dir, path.join(root, 'warm-plain'));
    measureChild(CLI, ['--help'], { cwd: REPO, peakRss: false });

    const results = sizes.map((s) => benchSize(root, s.tenants, s.runs, s.plain));

    console.log(`\n== start-up: govcloud --help (${HELP_RUNS} runs), and what --help, check and diff load ==`);
    const help = Array.from({ length: HELP_RUNS }, () => measureChild(CLI, ['--help'], { cwd: REPO, peakRss: false }));
    const helpMs = median(help.map((h) => h.ms));
    console.log(`  --help median ${fmt(helpMs)} ms (runs: ${help.map((h) => fmt(h.ms)).join(', ')} ms)`);
    if (!help[0].stdout.includes('synth')) warnLoudly('govcloud --help did not list the synth command; check what it printed');
    const startUps = [
      startUp('govcloud --help', ['--help']),
      startUp('govcloud check (8 stacks)', ['check', warmOut, '--config', warm.dir, '--output', path.join(root, 'warm-check.txt')]),
      startUp('govcloud diff (8 stacks)', ['diff', warmOut, warmOut, '--config', warm.dir, '--output', path.join(root, 'warm-diff.txt')]),
      startUp('govcloud synth (8 tenants)', ['synth', '--config', warm.dir, '--out', path.join(root, 'warm-again'), '--force']),
    ];
    console.log(`  ${'command'.padEnd(28)} ${'ms'.padStart(6)} ${'modules'.padStart(8)} ${'provider bindings'.padStart(18)} ${'cdktf'.padStart(6)}`);
    const one = oneTenantCommands(root);
    for (const u of startUps) console.log(`  ${u.command.padEnd(28)} ${fmt(u.ms).padStart(6)} ${String(u.modules).padStart(8)} ${String(u.providerModules).padStart(18)} ${(u.cdktf ? 'yes' : 'no').padStart(6)}`);
    const oneRows: [string, Figures][] = [
      ['synth --tenant dsp-ng', one.asIs.synth],
      ...one.variants.map((v): [string, Figures] => [`  the same ${v.label}`, v.synth]),
      ['check of its stack', one.asIs.check],
      ...one.variants.map((v): [string, Figures] => [`  the same ${v.label}`, v.check]),
    ];
    for (const [label, f] of oneRows) {
      console.log(`  ${label.padEnd(40)} ${fmt(f.ms).padStart(6)} ms median (CPU ${fmt(f.cpuMs)} ms), ${fmt(f.peakMiB)} MiB (runs: ${f.samplesMs.map((x) => fmt(x)).join(', ')} ms)`);
    }
    if (process.env[CA_BUNDLE_ENV]) console.log(`  (${CA_BUNDLE_ENV} is set here: Node reads ${process.env[CA_BUNDLE_ENV]} at every start; the targets below are judged with it)`);

    console.log('\n================================ results ================================');
    results.forEach(printSize);
    const at = (n: number) => results.find((r) => r.tenants === n);
    const rows: [string, string, boolean][] = [];
    const thousand = at(1000);
    if (thousand) {
      rows.push(
        ['full synth, 1,000 tenants, under 5 s (parallel)', `${(thousand.parallel.ms / 1000).toFixed(2)} s`, thousand.parallel.ms < TARGET.thousandFullMs],
        ['full synth, 1,000 tenants, serial (for reference)', `${(thousand.serial.ms / 1000).toFixed(2)} s`, thousand.serial.ms < TARGET.thousandFullMs],
        ['parallel at least 1.6x faster than serial, 1,000', `${(thousand.serial.ms / thousand.parallel.ms).toFixed(2)}x`, thousand.serial.ms / thousand.parallel.ms >= TARGET.parallelSpeedup],
        ['no-change incremental synth, 1,000, under 1 s', `${(thousand.noChange.ms / 1000).toFixed(2)} s`, thousand.noChange.ms < TARGET.thousandNoChangeMs],
        ['govcloud check of 1,000 stacks under 2 s', `${(thousand.check.ms / 1000).toFixed(2)} s`, thousand.check.ms < TARGET.thousandCheckMs],
        ['govcloud diff, 1,000 stacks, 1% changed, under 2 s', `${(thousand.diff.ms / 1000).toFixed(2)} s`, thousand.diff.ms < TARGET.thousandDiffMs],
      );
    }
    const fiveThousand = at(5000);
    if (fiveThousand) {
      const peak = Math.max(fiveThousand.serial.peakMiB, fiveThousand.parallel.peakMiB, fiveThousand.noChange.peakMiB, fiveThousand.oneChanged.peakMiB, fiveThousand.check.peakMiB, fiveThousand.diff.peakMiB);
      rows.push(['peak memory at 5,000 under 1 GiB (any command)', `${fmt(peak)} MiB`, peak < TARGET.fiveThousandPeakMiB]);
    }
    const tenThousand = at(10000);
    if (thousand && tenThousand) {
      const worst = printPerTenantRatios(thousand, tenThousand);
      const peak = Math.max(...LINEAR.map(([, pick]) => pick(tenThousand).peakMiB), tenThousand.oneChanged.peakMiB);
      rows.push(
        ['ms/tenant at 10,000 within 1.2x of 1,000 (worst)', `${worst.wall.toFixed(2)}x`, worst.wall <= TARGET.perTenantRatio],
        ['CPU ms/tenant at 10,000 within 1.2x of 1,000 (worst)', `${worst.cpu.toFixed(2)}x`, worst.cpu <= TARGET.perTenantRatio],
        ['peak memory at 10,000 under 600 MiB (any command)', `${fmt(peak)} MiB`, peak < TARGET.tenThousandPeakMiB],
      );
    }
    rows.push(
      ['synth --tenant (one tenant) under 0.5 s', `${(one.asIs.synth.ms / 1000).toFixed(3)} s`, one.asIs.synth.ms < TARGET.oneTenantMs],
      ['check of one stack under 0.5 s', `${(one.asIs.check.ms / 1000).toFixed(3)} s`, one.asIs.check.ms < TARGET.oneTenantMs],
      ...one.variants.flatMap((v): [string, string, boolean][] => [
        [`  synth --tenant, ${v.label}`, `${(v.synth.ms / 1000).toFixed(3)} s`, v.synth.ms < TARGET.oneTenantMs],
        [`  check of one stack, ${v.label}`, `${(v.check.ms / 1000).toFixed(3)} s`, v.check.ms < TARGET.oneTenantMs],
      ]),
    );
    rows.push(['govcloud --help under 0.3 s', `${(helpMs / 1000).toFixed(3)} s`, helpMs < TARGET.helpMs]);
    for (const u of startUps.slice(0, 3)) rows.push([`${u.command.replace(/ \(.*/, '')} loads no provider binding`, `${u.providerModules} modules`, u.providerModules === 0]);
    console.log(`\n  ${'target'.padEnd(50)} ${'figure'.padStart(10)}  result`);
    for (const [target, figure, ok] of rows) console.log(`  ${target.padEnd(50)} ${figure.padStart(10)}  ${verdict(ok)}`);
    if (warnings.length) {
      console.log(`\n!!! ${warnings.length} WARNING${warnings.length === 1 ? '' : 'S'} above: the comparison may not be like with like:`);
      for (const w of warnings) console.log(`!!!   ${w.split('\n')[0]}`);
    }
    console.log(`\nbench took ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`machine speed now: 3x10^8 additions in ${(loopMs() / 1000).toFixed(2)} s (${(loopAtStart / 1000).toFixed(2)} s at the start)`);
    console.log(`fresh memory now: ${freshPageMicros().toFixed(1)} us per page (${pageAtStart.toFixed(1)} at the start)`);
  } finally {
    cleanUp();
  }
}

main();
