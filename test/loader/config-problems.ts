import { ConfigError, loadConfig, type ConfigProblem } from '../../loader';

/** The problems of the ConfigError that loading `dir` throws; fails if it throws anything else or nothing. */
export function problemsOf(dir: string): ConfigProblem[] {
  try {
    loadConfig(dir);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error('expected loadConfig to throw a ConfigError, but the config loaded');
}
