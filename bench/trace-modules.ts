/**
 * Preloaded into a measured child (`node --require dist/bench/trace-modules.js ...`): when the process exits,
 * writes the paths of every module it loaded, one per line, to the file named by {@link MODULE_TRACE_FILE_ENV}.
 * The benchmark reads it to show which commands load the provider bindings.
 */
import * as fs from 'fs';

/** Environment variable naming the file the module list is written to. */
export const MODULE_TRACE_FILE_ENV = 'GOVCLOUD_BENCH_MODULE_TRACE_FILE';

const target = process.env[MODULE_TRACE_FILE_ENV];
if (target) {
  process.on('exit', () => fs.writeFileSync(target, Object.keys(require.cache).sort().join('\n')));
}
