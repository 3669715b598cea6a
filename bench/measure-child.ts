/**
 * Runs a Node.js script in a fresh child process and measures it from the parent: wall time with
 * `process.hrtime`, and optionally the child's peak RSS through the {@link PEAK_RSS_FILE_ENV} preload.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PEAK_RSS_FILE_ENV } from './report-peak-rss';
import { MODULE_TRACE_FILE_ENV } from './trace-modules';

/** One measured run of a child process. */
export interface ChildMeasurement {
  /** Wall time from spawn to exit, as seen by the parent, in milliseconds (Node.js start-up included). */
  readonly ms: number;
  /** Peak resident set size of the child in MiB; undefined when not asked for. */
  readonly peakMiB?: number;
  /**
   * CPU time of the child, user and system, all threads, in milliseconds: on a machine others are using, a steadier
   * measure of the work than wall time. Undefined when peak RSS was not asked for (the same preload reports both).
   */
  readonly cpuMs?: number;
  /** What the child wrote to standard output. */
  readonly stdout: string;
  /** Every module file the child loaded; undefined when not asked for. */
  readonly modules?: readonly string[];
}

/** Options of {@link measureChild}. */
export interface MeasureOptions {
  /**
   * Preload the peak RSS reporter into the child.
   * @default true
   */
  readonly peakRss?: boolean;
  /** Working directory of the child. */
  readonly cwd: string;
  /**
   * Preload the module tracer and return the modules the child loaded.
   * @default false
   */
  readonly traceModules?: boolean;
  /**
   * Variables of this process's environment the child does not get.
   * @default none: the child gets this process's whole environment
   */
  readonly withoutEnv?: readonly string[];
  /**
   * Variables set in the child's environment, over this process's.
   * @default none
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** The repository, whose compiled toolkit the benchmark times (this file is `dist/bench/measure-child.js`). */
export const REPO = path.resolve(__dirname, '../..');
/** The built `govcloud` command. */
export const CLI = path.join(REPO, 'dist/cli/govcloud.js');

const REPORTER = path.join(__dirname, 'report-peak-rss.js');
const TRACER = path.join(__dirname, 'trace-modules.js');

/**
 * Runs `node <script> <args>` and waits for it. Throws, with the end of the child's standard error, if it
 * exits with a non-zero status or is killed, so a crash stops the benchmark instead of timing an error path.
 */
export function measureChild(script: string, args: readonly string[], options: MeasureOptions): ChildMeasurement {
  const peakRss = options.peakRss ?? true;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-bench-child-'));
  const rssFile = peakRss ? path.join(scratch, 'maxrss') : undefined;
  const traceFile = options.traceModules ? path.join(scratch, 'modules') : undefined;
  try {
    const nodeArgs = [...(rssFile ? ['--require', REPORTER] : []), ...(traceFile ? ['--require', TRACER] : []), script, ...args];
    const env: NodeJS.ProcessEnv = { ...process.env, ...(rssFile ? { [PEAK_RSS_FILE_ENV]: rssFile } : {}), ...(traceFile ? { [MODULE_TRACE_FILE_ENV]: traceFile } : {}) };
    Object.assign(env, options.env);
    for (const name of options.withoutEnv ?? []) delete env[name];
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, nodeArgs, { cwd: options.cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.error) throw child.error;
    if (child.status !== 0) {
      const why = child.signal ? `was killed by ${child.signal}` : `exited with status ${child.status}`;
      throw new Error(`node ${nodeArgs.join(' ')} ${why}:\n${child.stderr.slice(-4000)}`);
    }
    const [maxRssKiB, cpuMicros] = rssFile ? fs.readFileSync(rssFile, 'utf8').split(' ').map(Number) : [];
    const peakMiB = maxRssKiB === undefined ? undefined : maxRssKiB / 1024;
    const cpuMs = cpuMicros === undefined ? undefined : cpuMicros / 1000;
    const modules = traceFile ? fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean) : undefined;
    return { ms, peakMiB, cpuMs, stdout: child.stdout, modules };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
