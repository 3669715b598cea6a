/**
 * `npm run bench`: times `govcloud synth` against a plain cdktf program that builds the same stacks
 * (bench/plain-cdktf.ts), at 100 and 1,000 generated tenants, times `govcloud check` on the toolkit's output
 * and `govcloud diff` of it against a copy with 1% of the stacks changed,
 * and times `govcloud --help`. The toolkit's synth includes its whole-stack check; the plain program checks
 * nothing.
 *
 * Every measurement is a fresh `node` child process (fresh heap, start-up included), timed from this process;
 * peak RSS comes from the child itself. Toolkit and plain runs are interleaved, three of each per size, and
 * the median is reported. Targets are printed with PASS or MISS; a miss is information, so the benchmark
 * exits 0 unless something crashed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateTenantConfig } from './generate-tenants';
import { measureChild, type ChildMeasurement } from './measure-child';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'dist/cli/govcloud.js');
const PLAIN = path.join(__dirname, 'plain-cdktf.js');

const SIZES = [100, 1000] as const;
const RUNS = 3;
const HELP_RUNS = 10;

/** The targets, checked against the medians. */
const TARGET = { thousandTenantsMs: 10_000, ratio: 1.3, helpMs: 300, thousandCheckMs: 2_000, thousandDiffMs: 2_000, thousandNoChangeMs: 1_000 } as const;

/** Medians of the runs of one program at one size. */
interface Figures {
  readonly ms: number;
  readonly peakMiB: number;
  readonly samplesMs: readonly number[];
}

/** What one tenant count gave. */
interface SizeResult {
  readonly tenants: number;
  readonly toolkit: Figures;
  readonly plain: Figures;
  /** `govcloud check` of the toolkit's output (every stack rule, JSON report). */
  readonly check: Figures;
  /** `govcloud diff` of the toolkit's output against a copy with 1% of the stacks changed. */
  readonly diff: Figures;
  /** `govcloud synth` again into the same output, nothing changed (incremental: every stack skipped). */
  readonly noChange: Figures;
}

const warnings: string[] = [];

/** Prints `message` framed so it cannot be missed, and repeats it in the summary. */
function warnLoudly(message: string): void {
  warnings.push(message);
  const bar = '!'.repeat(100);
  console.log(`\n${bar}\n!!! WARNING: ${message.split('\n').join('\n!!!          ')}\n${bar}\n`);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function figures(runs: readonly ChildMeasurement[]): Figures {
  return { ms: median(runs.map((r) => r.ms)), peakMiB: median(runs.map((r) => r.peakMiB ?? NaN)), samplesMs: runs.map((r) => r.ms) };
}

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function toolkitSynth(config: string, out: string): ChildMeasurement {
  return measureChild(CLI, ['synth', '--config', config, '--out', out], { cwd: REPO });
}

function plainSynth(config: string, out: string): ChildMeasurement {
  return measureChild(PLAIN, ['--config', config, '--out', out], { cwd: REPO });
}

/** Names of the stacks in a cdktf output folder that have a `cdk.tf.json`. */
function stacksIn(outDir: string): string[] {
  const dir = path.join(outDir, 'stacks');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((s) => fs.existsSync(path.join(dir, s, 'cdk.tf.json')));
}

/** Number of resources and of data sources in one synthesized stack. */
function countBlocks(file: string): { resources: number; data: number } {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource?: Record<string, object>; data?: Record<string, object> };
  const count = (blocks?: Record<string, object>) => Object.values(blocks ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0);
  return { resources: count(json.resource), data: count(json.data) };
}

/**
 * Checks that both programs wrote one stack per tenant and the same resources for the sample tenants, and
 * reports whether the whole outputs are byte-identical (they should be: the plain program mirrors the toolkit).
 */
function checkOutputs(tenants: readonly string[], samples: readonly string[], toolkitOut: string, plainOut: string): void {
  const n = tenants.length;
  const toolkitStacks = stacksIn(toolkitOut);
  const plainStacks = stacksIn(plainOut);
  console.log(`  check: stacks written: toolkit ${toolkitStacks.length}, plain ${plainStacks.length} (expected ${n})`);
  if (toolkitStacks.length !== n || plainStacks.length !== n) {
    warnLoudly(`at ${n} tenants the programs wrote ${toolkitStacks.length} (toolkit) and ${plainStacks.length} (plain) stacks instead of ${n}; the timings do not compare like with like`);
  }
  for (const sample of samples) {
    const rel = path.join('stacks', sample, 'cdk.tf.json');
    if (!fs.existsSync(path.join(toolkitOut, rel)) || !fs.existsSync(path.join(plainOut, rel))) {
      warnLoudly(`sample tenant ${sample} has no stack in one of the outputs`);
      continue;
    }
    const a = countBlocks(path.join(toolkitOut, rel));
    const b = countBlocks(path.join(plainOut, rel));
    const same = a.resources === b.resources && a.data === b.data;
    console.log(`  check: ${sample.padEnd(22)} resources ${a.resources} vs ${b.resources}, data sources ${a.data} vs ${b.data}  ${same ? 'equal' : 'DIFFERENT'}`);
    if (!same) {
      warnLoudly(
        `sample tenant ${sample}: toolkit has ${a.resources} resources and ${a.data} data sources, plain cdktf ${b.resources} and ${b.data}.\n` +
          'bench/plain-cdktf.ts no longer builds what the toolkit builds; the ratio is meaningless until it does.',
      );
    }
  }
  const differing = toolkitStacks.filter((s) => {
    const rel = path.join('stacks', s, 'cdk.tf.json');
    return !fs.existsSync(path.join(plainOut, rel)) || fs.readFileSync(path.join(toolkitOut, rel), 'utf8') !== fs.readFileSync(path.join(plainOut, rel), 'utf8');
  });
  console.log(`  check: byte-identical cdk.tf.json: ${toolkitStacks.length - differing.length}/${toolkitStacks.length}`);
  if (differing.length) {
    warnLoudly(
      `${differing.length} of ${toolkitStacks.length} stacks differ between toolkit and plain cdktf (first: ${differing[0]}).\n` +
        `Compare them with: diff <toolkit out>/stacks/${differing[0]}/cdk.tf.json <plain out>/stacks/${differing[0]}/cdk.tf.json, and update bench/plain-cdktf.ts.`,
    );
  }
}

/**
 * A copy of a synth output folder in which every hundredth stack (1%) has its VMs' memory doubled: the head of
 * the diff benchmark.
 */
function withOnePercentChanged(outDir: string, copy: string): string {
  fs.cpSync(outDir, copy, { recursive: true });
  const stacks = stacksIn(copy).sort();
  for (let i = 0; i < stacks.length; i += 100) {
    const file = path.join(copy, 'stacks', stacks[i], 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource: { vsphere_virtual_machine: Record<string, { memory: number }> } };
    for (const vm of Object.values(json.resource.vsphere_virtual_machine)) vm.memory *= 2;
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
  }
  return copy;
}

/** Generates `n` tenants, runs both programs {@link RUNS} times interleaved, checks the first outputs. */
function benchSize(root: string, n: number): SizeResult {
  const config = generateTenantConfig(path.join(root, `config-${n}`), n, path.join(REPO, 'config'));
  const samples = config.tenants.slice(0, 4);
  const toolkitRuns: ChildMeasurement[] = [];
  const plainRuns: ChildMeasurement[] = [];
  const checkRuns: ChildMeasurement[] = [];
  const diffRuns: ChildMeasurement[] = [];
  const noChangeRuns: ChildMeasurement[] = [];
  console.log(`\n== ${fmt(n)} tenants (${RUNS} runs each, interleaved) ==`);
  for (let run = 0; run < RUNS; run++) {
    const toolkitOut = path.join(root, `toolkit-${n}-${run}`);
    const plainOut = path.join(root, `plain-${n}-${run}`);
    const t = toolkitSynth(config.dir, toolkitOut);
    toolkitRuns.push(t);
    const p = plainSynth(config.dir, plainOut);
    plainRuns.push(p);
    const c = measureChild(CLI, ['check', toolkitOut, '--config', config.dir, '--format', 'json', '--output', path.join(root, 'check.json')], { cwd: REPO });
    checkRuns.push(c);
    console.log(
      `  run ${run + 1}: toolkit ${fmt(t.ms)} ms ${fmt(t.peakMiB ?? NaN, 1)} MiB | plain ${fmt(p.ms)} ms ${fmt(p.peakMiB ?? NaN, 1)} MiB | check ${fmt(c.ms)} ms ${fmt(c.peakMiB ?? NaN, 1)} MiB`,
    );
    if (run === 0) checkOutputs(config.tenants, samples, toolkitOut, plainOut);
    noChangeRuns.push(toolkitSynth(config.dir, toolkitOut));
    const changedOut = withOnePercentChanged(toolkitOut, path.join(root, `changed-${n}-${run}`));
    diffRuns.push(measureChild(CLI, ['diff', toolkitOut, changedOut, '--config', config.dir, '--format', 'json', '--output', path.join(root, 'diff.json')], { cwd: REPO }));
    fs.rmSync(changedOut, { recursive: true, force: true });
    fs.rmSync(toolkitOut, { recursive: true, force: true });
    fs.rmSync(plainOut, { recursive: true, force: true });
  }
  fs.rmSync(config.dir, { recursive: true, force: true });
  console.log(`  diff (1% of stacks changed): ${diffRuns.map((d) => `${fmt(d.ms)} ms`).join(', ')}`);
  return { tenants: n, toolkit: figures(toolkitRuns), plain: figures(plainRuns), check: figures(checkRuns), diff: figures(diffRuns), noChange: figures(noChangeRuns) };
}

function printSize(r: SizeResult): void {
  const row = (label: string, f: Figures) =>
    `  ${label.padEnd(12)} ${fmt(f.ms).padStart(9)} ${fmt(f.ms / r.tenants, 2).padStart(12)} ${fmt(f.peakMiB, 1).padStart(14)}   (runs: ${f.samplesMs.map((x) => fmt(x)).join(', ')} ms)`;
  const ratio = r.toolkit.ms / r.plain.ms;
  console.log(`\n${fmt(r.tenants)} tenants, medians:`);
  console.log(`  ${''.padEnd(12)} ${'total ms'.padStart(9)} ${'ms/tenant'.padStart(12)} ${'peak RSS MiB'.padStart(14)}`);
  console.log(row('toolkit', r.toolkit));
  console.log(row('plain cdktf', r.plain));
  console.log(row('check', r.check));
  console.log(row('diff 1%', r.diff));
  console.log(row('no-change synth', r.noChange));
  console.log(`  ratio toolkit/plain: time ${ratio.toFixed(2)} (target < ${TARGET.ratio}: ${verdict(ratio < TARGET.ratio)}), memory ${(r.toolkit.peakMiB / r.plain.peakMiB).toFixed(2)}`);
}

function main(): void {
  for (const file of [CLI, PLAIN]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing; run npm run build first (npm run bench does)`);
  }
  const started = process.hrtime.bigint();
  console.log(`govcloud-tenants benchmark: node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('each figure is a fresh node process: start-up, config load, synthesis and writing the output');

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-bench-'));
  const cleanUp = () => fs.rmSync(root, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    // One unmeasured run of each warms the file cache, so the first measured run does not pay for cold reads.
    const warm = generateTenantConfig(path.join(root, 'config-warm-up'), 8, path.join(REPO, 'config'));
    toolkitSynth(warm.dir, path.join(root, 'warm-toolkit'));
    plainSynth(warm.dir, path.join(root, 'warm-plain'));
    measureChild(CLI, ['--help'], { cwd: REPO, peakRss: false });

    const results = SIZES.map((n) => benchSize(root, n));

    console.log(`\n== govcloud --help (${HELP_RUNS} runs) ==`);
    const help = Array.from({ length: HELP_RUNS }, () => measureChild(CLI, ['--help'], { cwd: REPO, peakRss: false }));
    const helpMs = median(help.map((h) => h.ms));
    console.log(`  median ${fmt(helpMs)} ms (runs: ${help.map((h) => fmt(h.ms)).join(', ')} ms)`);
    if (!help[0].stdout.includes('synth')) warnLoudly('govcloud --help did not list the synth command; check what it printed');

    console.log('\n================================ results ================================');
    results.forEach(printSize);
    const thousand = results.find((r) => r.tenants === 1000)!;
    const rows: [string, string, boolean][] = [
      ['1,000 tenants under 10 s', `${(thousand.toolkit.ms / 1000).toFixed(2)} s`, thousand.toolkit.ms < TARGET.thousandTenantsMs],
      ...results.map((r): [string, string, boolean] => {
        const ratio = r.toolkit.ms / r.plain.ms;
        return [`toolkit/plain under ${TARGET.ratio} (${fmt(r.tenants)} tenants)`, ratio.toFixed(2), ratio < TARGET.ratio];
      }),
      ['govcloud check of 1,000 stacks under 2 s', `${(thousand.check.ms / 1000).toFixed(2)} s`, thousand.check.ms < TARGET.thousandCheckMs],
      ['govcloud diff, 1,000 stacks, 1% changed, under 2 s', `${(thousand.diff.ms / 1000).toFixed(2)} s`, thousand.diff.ms < TARGET.thousandDiffMs],
      ['no-change incremental synth, 1,000 tenants, under 1 s', `${(thousand.noChange.ms / 1000).toFixed(2)} s`, thousand.noChange.ms < TARGET.thousandNoChangeMs],
      ['govcloud --help under 0.3 s', `${(helpMs / 1000).toFixed(3)} s`, helpMs < TARGET.helpMs],
    ];
    console.log(`\n  ${'target'.padEnd(40)} ${'figure'.padStart(10)}  result`);
    for (const [target, figure, ok] of rows) console.log(`  ${target.padEnd(40)} ${figure.padStart(10)}  ${verdict(ok)}`);
    if (warnings.length) {
      console.log(`\n!!! ${warnings.length} WARNING${warnings.length === 1 ? '' : 'S'} above: the comparison may not be like with like:`);
      for (const w of warnings) console.log(`!!!   ${w.split('\n')[0]}`);
    }
    console.log(`\nbench took ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    cleanUp();
  }
}

main();
