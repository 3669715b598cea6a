/**
 * Preloaded into a measured child (`node --require dist/bench/report-peak-rss.js ...`): when the process exits,
 * writes its peak resident set size, in KiB (`process.resourceUsage().maxRSS`), and the CPU time of all its
 * threads, user and system, in microseconds, to the file named by the environment variable
 * {@link PEAK_RSS_FILE_ENV}. The measured program itself is not changed.
 */
import * as fs from 'fs';

/** Environment variable naming the file the peak RSS is written to. */
export const PEAK_RSS_FILE_ENV = 'GOVCLOUD_BENCH_PEAK_RSS_FILE';

const target = process.env[PEAK_RSS_FILE_ENV];
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(target, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
