/**
 * Runs a Node.js script in a fresh child process and measures it from the parent: wall time with
 * `process.hrtime`, and optionally the child's peak RSS through the {@link PEAK_RSS_FILE_ENV} preload.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PEAK_RSS_FILE_ENV } from './report-peak-rss';

/** One measured run of a child process. */
export interface ChildMeasurement {
  /** Wall time from spawn to exit, as seen by the parent, in milliseconds (Node.js start-up included). */
  readonly ms: number;
  /** Peak resident set size of the child in MiB; undefined when not asked for. */
  readonly peakMiB?: number;
  /** What the child wrote to standard output. */
  readonly stdout: string;
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
}

const REPORTER = path.join(__dirname, 'report-peak-rss.js');

/**
 * Runs `node <script> <args>` and waits for it. Throws, with the end of the child's standard error, if it
 * exits with a non-zero status or is killed, so a crash stops the benchmark instead of timing an error path.
 */
export function measureChild(script: string, args: readonly string[], options: MeasureOptions): ChildMeasurement {
  const peakRss = options.peakRss ?? true;
  const rssFile = peakRss ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'govcloud-bench-rss-')), 'maxrss') : undefined;
  try {
    const nodeArgs = [...(rssFile ? ['--require', REPORTER] : []), script, ...args];
    const env = rssFile ? { ...process.env, [PEAK_RSS_FILE_ENV]: rssFile } : process.env;
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, nodeArgs, { cwd: options.cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.error) throw child.error;
    if (child.status !== 0) {
      const why = child.signal ? `was killed by ${child.signal}` : `exited with status ${child.status}`;
      throw new Error(`node ${nodeArgs.join(' ')} ${why}:\n${child.stderr.slice(-4000)}`);
    }
    const peakMiB = rssFile ? Number(fs.readFileSync(rssFile, 'utf8')) / 1024 : undefined;
    return { ms, peakMiB, stdout: child.stdout };
  } finally {
    if (rssFile) fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  }
}
