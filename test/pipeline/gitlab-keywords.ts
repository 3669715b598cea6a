/**
 * GitLab's documented `.gitlab-ci.yml` keywords, from "CI/CD YAML syntax reference"
 * (https://docs.gitlab.com/ee/ci/yaml/, source doc/ci/yaml/_index.md in gitlab-org/gitlab, read 2026-11-29): the "Global keywords"
 * table, and the "job keywords" table plus `hooks` and `id_tokens`, which the page documents as job keywords in
 * their own sections. Deprecated keywords (`only`, `except`, global `image`...) are left out on purpose.
 */
export const GLOBAL_KEYWORDS = ['default', 'include', 'stages', 'variables', 'workflow'] as const;

export const JOB_KEYWORDS = [
  'after_script', 'allow_failure', 'artifacts', 'before_script', 'cache', 'coverage', 'dast_configuration',
  'dependencies', 'environment', 'extends', 'hooks', 'identity', 'id_tokens', 'image', 'inherit', 'interruptible',
  'manual_confirmation', 'needs', 'pages', 'parallel', 'release', 'resource_group', 'retry', 'rules', 'run',
  'script', 'secrets', 'services', 'stage', 'start_in', 'tags', 'timeout', 'trigger', 'variables', 'when',
] as const;

/** Sub-keys of `artifacts` documented on the same page. */
export const ARTIFACTS_KEYWORDS = ['access', 'exclude', 'expire_in', 'expose_as', 'name', 'paths', 'public', 'reports', 'untracked', 'when'] as const;

/** Sub-keys of `environment`. */
export const ENVIRONMENT_KEYWORDS = ['name', 'url', 'on_stop', 'action', 'auto_stop_in', 'kubernetes', 'deployment_tier'] as const;

/** Sub-keys of a `rules` entry. */
export const RULE_KEYWORDS = ['if', 'changes', 'exists', 'when', 'allow_failure', 'needs', 'variables', 'interruptible'] as const;

/** GitLab's limit on job names. */
export const MAX_JOB_NAME = 255;

type Job = Record<string, unknown>;

/**
 * A job with its `extends` resolved as GitLab does: the templates' keys first, merged deeply for maps, and the
 * job's own keys over them; lists are replaced, not merged.
 */
export function resolveJob(pipeline: Record<string, unknown>, name: string, seen: string[] = []): Job {
  if (seen.includes(name)) throw new Error(`extends cycle: ${[...seen, name].join(' -> ')}`);
  const job = pipeline[name] as Job | undefined;
  if (!job) throw new Error(`no job ${name}`);
  const parents = job.extends === undefined ? [] : Array.isArray(job.extends) ? (job.extends as string[]) : [job.extends as string];
  let merged: Job = {};
  for (const p of parents) merged = deepMerge(merged, resolveJob(pipeline, p, [...seen, name]));
  const own = { ...job };
  delete own.extends;
  return deepMerge(merged, own);
}

function deepMerge(a: Job, b: Job): Job {
  const out: Job = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isMap(prev) && isMap(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

const isMap = (v: unknown): v is Job => typeof v === 'object' && v !== null && !Array.isArray(v);
