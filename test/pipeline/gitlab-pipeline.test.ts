import * as fs from 'fs';
import { parse } from 'yaml';
import { hasSecretShape } from '../../policy/secrets';
import { loadConfig } from '../../loader/load-config';
import { affectedTenants, type AffectedTenants } from '../../pipeline/affected-tenants';
import { gitlabPipeline } from '../../pipeline/gitlab-pipeline';
import { ARTIFACTS_KEYWORDS, ENVIRONMENT_KEYWORDS, GLOBAL_KEYWORDS, JOB_KEYWORDS, MAX_JOB_NAME, resolveJob, RULE_KEYWORDS } from './gitlab-keywords';

type Pipeline = Record<string, Record<string, unknown>>;

const example = () => affectedTenants(loadConfig('config'));
const parsed = (text: string) => parse(text) as Pipeline;
const jobNames = (p: Pipeline) => Object.keys(p).filter((k) => !(GLOBAL_KEYWORDS as readonly string[]).includes(k));
/** Jobs GitLab runs: hidden jobs (a leading dot) are templates. */
const visibleJobs = (p: Pipeline) => jobNames(p).filter((k) => !k.startsWith('.'));

/** Every string in a YAML value, with where it is. */
function strings(value: unknown, at = ''): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[`${at}.${k}`, k] as [string, string], ...strings(v, `${at}.${k}`)]);
  return [];
}

/** What in a pipeline looks like a written secret rather than a reference to a CI/CD variable. */
function secretsIn(p: Pipeline): string[] {
  const found = strings(p).filter(([, s]) => hasSecretShape(s)).map(([at]) => at);
  for (const [at, s] of strings(p)) {
    for (const m of s.matchAll(/PRIVATE-TOKEN: *([^"\s]+)/g)) if (!m[1].startsWith('$')) found.push(at);
  }
  const variableMaps = [p.variables, ...jobNames(p).map((j) => p[j].variables)].filter(Boolean) as Record<string, unknown>[];
  for (const vars of variableMaps) for (const k of Object.keys(vars)) if (/password|token|secret|^TF_VAR_/i.test(k)) found.push(`variables.${k}`);
  return found;
}

describe('govcloud pipeline --ci gitlab', () => {
  const text = gitlabPipeline(example());
  const pipeline = parsed(text);

  it("uses only GitLab's documented global keywords at the top level and job keywords in every job", () => {
    for (const key of Object.keys(pipeline)) {
      if ((GLOBAL_KEYWORDS as readonly string[]).includes(key)) continue;
      expect(key.length).toBeLessThanOrEqual(MAX_JOB_NAME);
      for (const k of Object.keys(pipeline[key])) expect([key, k, (JOB_KEYWORDS as readonly string[]).includes(k)]).toEqual([key, k, true]);
      const job = resolveJob(pipeline, key);
      for (const k of Object.keys((job.artifacts as object) ?? {})) expect((ARTIFACTS_KEYWORDS as readonly string[]).includes(k)).toBe(true);
      for (const k of Object.keys((job.environment as object) ?? {})) expect((ENVIRONMENT_KEYWORDS as readonly string[]).includes(k)).toBe(true);
      for (const rule of (job.rules as object[]) ?? []) for (const k of Object.keys(rule)) expect((RULE_KEYWORDS as readonly string[]).includes(k)).toBe(true);
    }
    expect(Object.keys(pipeline.workflow)).toEqual(['rules']);
  });

  it('declares every stage a job uses, and every job a job extends or needs exists', () => {
    const stages = pipeline.stages as unknown as string[];
    for (const name of jobNames(pipeline)) {
      const own = pipeline[name];
      for (const parent of [own.extends ?? []].flat() as string[]) expect(Object.keys(pipeline)).toContain(parent);
      for (const need of (own.needs as string[]) ?? []) expect(visibleJobs(pipeline)).toContain(need);
    }
    for (const name of visibleJobs(pipeline)) {
      const job = resolveJob(pipeline, name);
      expect(stages).toContain(job.stage);
      expect(job.script).toEqual(expect.any(Array));
    }
  });

  it('gives each tenant (and recovery stack) and each site stack one plan job and one manual apply job, default branch only, in its own resource group, needing its plan', () => {
    // dsp-ng-recovery: the recovery stack of dsp-ng, on the recovery site's vCenter and state, planned with it.
    const tenants = ['dsp-ng', 'dsp-ng-recovery', 'enclave-analytics', 'igss-analytics', 'lih-research', 'mfin-internal'];
    const sites = ['site-ctie-govcloud-1', 'site-ctie-govcloud-2', 'site-lu-colo-1', 'site-lu-enclave-1', 'site-research-de-1'];
    expect(visibleJobs(pipeline).sort()).toEqual([...tenants, ...sites].flatMap((t) => [`apply:${t}`, `plan:${t}`]).sort());
    for (const t of tenants) {
      const plan = resolveJob(pipeline, `plan:${t}`);
      const applies = visibleJobs(pipeline).filter((j) => resolveJob(pipeline, j).stage === 'apply' && (resolveJob(pipeline, j).variables as Record<string, string>).GOVCLOUD_TENANT === t);
      expect(applies).toEqual([`apply:${t}`]);
      const apply = resolveJob(pipeline, `apply:${t}`);
      expect(apply.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', when: 'manual' }]);
      // A recovery stack's apply waits for its recovery site's, whose audit devices log it.
      const owner = example().affected.find((x) => x.name === t || `${x.name}-recovery` === t)!;
      expect(apply.needs).toEqual([`plan:${t}`, `apply:site-${owner.name === t ? owner.site : owner.recoverySite}`]);
      expect(apply.resource_group).toBe(`govcloud-${t}`);
      expect(plan.resource_group).toBe(`govcloud-${t}`);
      expect(apply.environment).toEqual({ name: `tenants/${t}` });
      expect(plan.variables).toEqual(expect.objectContaining({ GOVCLOUD_TENANT: t }));
    }
    const groups = visibleJobs(pipeline).filter((j) => j.startsWith('apply:')).map((j) => pipeline[j].resource_group);
    expect(new Set(groups).size).toBe(tenants.length + sites.length);
  });

  it("gives each site stack a plan job and a manual apply job that synthesize the site's tenants, and applies it before them", () => {
    const plan = resolveJob(pipeline, 'plan:site-ctie-govcloud-1');
    const apply = resolveJob(pipeline, 'apply:site-ctie-govcloud-1');
    for (const job of [plan, apply]) {
      expect(job.variables).toEqual({ GOVCLOUD_TENANT: 'site-ctie-govcloud-1', GOVCLOUD_SYNTH_TENANTS: 'dsp-ng igss-analytics' });
      expect(job.resource_group).toBe('govcloud-site-ctie-govcloud-1');
    }
    expect(apply.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', when: 'manual' }]);
    expect(apply.needs).toEqual(['plan:site-ctie-govcloud-1']);
    expect(apply.environment).toEqual({ name: 'sites/ctie-govcloud-1' });
    // The tenants on the site wait for its apply; the tenants elsewhere do not.
    expect(resolveJob(pipeline, 'apply:dsp-ng').needs).toContain('apply:site-ctie-govcloud-1');
    expect(resolveJob(pipeline, 'apply:igss-analytics').needs).toContain('apply:site-ctie-govcloud-1');
    expect(resolveJob(pipeline, 'apply:mfin-internal').needs).not.toContain('apply:site-ctie-govcloud-1');
    expect(text).toContain("# site-ctie-govcloud-1: the audit devices of site ctie-govcloud-1 (tenants dsp-ng, igss-analytics); planned because every site stack is planned without --changed-since. Its apply comes before theirs.");
  });

  it('needs no site apply from a tenant whose site stack is not in the pipeline', () => {
    const onlyTenant: AffectedTenants = { ...example(), sites: [] };
    const p = parsed(gitlabPipeline(onlyTenant));
    expect(resolveJob(p, 'apply:dsp-ng').needs).toEqual(['plan:dsp-ng']);
    expect(visibleJobs(p).filter((j) => j.includes('site-'))).toEqual([]);
  });

  it('plans with one govcloud plan (synth, check, terraform plan, review), keeps the reports as artifacts and posts the review to the merge request only', () => {
    const plan = resolveJob(pipeline, 'plan:dsp-ng');
    const script = (plan.script as string[]).join('\n');
    expect(script.match(/govcloud\.js/g)).toHaveLength(1);
    expect(script).toMatch(/govcloud\.js plan "\$GOVCLOUD_TENANT" --config "\$GOVCLOUD_CONFIG" --fail-on "" --reports "govcloud-pipeline\/\$GOVCLOUD_TENANT" \|\| verdict=\$\?/);
    expect(script).toContain('--data-urlencode "body@govcloud-pipeline/$GOVCLOUD_TENANT/review.md"');
    expect(script).toContain('if [ -n "$CI_MERGE_REQUEST_IID" ]');
    expect(script).toContain('"$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"');
    expect(script).toContain('--header "PRIVATE-TOKEN: $GOVCLOUD_MR_NOTE_TOKEN"');
    expect(plan.artifacts).toEqual(expect.objectContaining({ paths: ['govcloud-pipeline/'], when: 'always', expire_in: '30 days', reports: { junit: 'govcloud-pipeline/*/check.junit.xml' } }));
    expect(plan.before_script).toEqual(['npm ci --cache .npm --prefer-offline --no-audit --no-fund', 'npm run build --silent']);
    // The saved plan holds the vCenter password in clear: it is never an artifact, and it is removed.
    expect(JSON.stringify(plan.artifacts)).not.toMatch(/tfplan|plan\.json/);
    expect(plan.after_script).toEqual(['rm -f cdktf.out/stacks/*/tenant.tfplan cdktf.out/stacks/*/tenant.plan.json']);
  });

  it('applies only a plan whose review is the one the plan job published, and refuses local state', () => {
    const script = (resolveJob(pipeline, 'apply:dsp-ng').script as string[]).join('\n');
    expect(script).toMatch(/diff -u "govcloud-pipeline\/\$GOVCLOUD_TENANT\/review\.json" "govcloud-pipeline\/\$GOVCLOUD_TENANT\/apply\/review\.json"/);
    expect(script).toMatch(/govcloud\.js plan "\$GOVCLOUD_TENANT" .*--reports "govcloud-pipeline\/\$GOVCLOUD_TENANT\/apply"/);
    expect(script).toMatch(/govcloud\.js apply "\$GOVCLOUD_TENANT" .*--fail-on "\$GOVCLOUD_FAIL_ON"/);
    expect(script.indexOf('diff -u')).toBeLessThan(script.indexOf('govcloud.js apply'));
    expect(script).toContain('keeps its state in a local file');
    expect(pipeline.variables).toEqual(expect.objectContaining({ GOVCLOUD_FAIL_ON: 'residency,destructive' }));
  });

  it('writes no secret: credentials are CI/CD variables it only refers to', () => {
    expect(secretsIn(pipeline)).toEqual([]);
    for (const name of ['VSPHERE_PASSWORD', 'TF_VAR_vsphere_password', 'VAULT_TOKEN']) expect(text).not.toMatch(new RegExp(`${name}\\s*[:=]`));
    // The check itself finds a secret written into a pipeline.
    const leaky = parsed(text.replace('TF_IN_AUTOMATION: "1"', 'TF_VAR_vsphere_password: "S3cret-value"\n  VAULT_ADDR: https://admin:hunter2@vault.example'));
    expect(secretsIn(leaky)).toEqual(expect.arrayContaining(['variables.TF_VAR_vsphere_password', '.variables.VAULT_ADDR']));
  });

  it('is byte-identical for the same config', () => {
    expect(gitlabPipeline(example())).toBe(text);
  });

  it('is the pipeline docs/gitlab-pipeline.md shows for the example config (regenerate the sample after changing the generator)', () => {
    const readme = fs.readFileSync('docs/gitlab-pipeline.md', 'utf8');
    const marker = '<!-- generated by: govcloud pipeline --ci gitlab -->\n```yaml\n';
    const start = readme.indexOf(marker);
    expect(start).toBeGreaterThan(0);
    const sample = readme.slice(start + marker.length, readme.indexOf('```\n', start + marker.length));
    expect(sample).toBe(text);
  });
});

describe('the parent pipeline docs/gitlab-pipeline.md shows', () => {
  const readme = fs.readFileSync('docs/gitlab-pipeline.md', 'utf8');
  const marker = 'The parent pipeline, in `.gitlab-ci.yml`:\n\n```yaml\n';
  const start = readme.indexOf(marker) + marker.length;
  const parent = parsed(readme.slice(start, readme.indexOf('```\n', start)));

  it('uses documented keywords, and triggers the pipeline its generate job writes, mirroring its status', () => {
    expect(start).toBeGreaterThan(marker.length);
    for (const name of jobNames(parent)) for (const k of Object.keys(parent[name])) expect((JOB_KEYWORDS as readonly string[]).includes(k)).toBe(true);
    const generate = parent.generate;
    const script = (generate.script as string[]).join('\n');
    expect(script).toContain('pipeline --ci gitlab ${since:+--changed-since "$since"} --output govcloud-pipeline.yml');
    expect(script).toContain('$CI_MERGE_REQUEST_DIFF_BASE_SHA');
    expect(generate.artifacts).toEqual(expect.objectContaining({ paths: ['govcloud-pipeline.yml'] }));
    expect(parent.tenants.trigger).toEqual({ include: [{ artifact: 'govcloud-pipeline.yml', job: 'generate' }], strategy: 'depend' });
    const stages = parent.stages as unknown as string[];
    expect(stages.indexOf(parent.generate.stage as string)).toBeLessThan(stages.indexOf(parent.tenants.stage as string));
  });
});

describe('a pipeline with nothing to plan', () => {
  const none: AffectedTenants = { since: { ref: 'main', commit: 'a'.repeat(40) }, affected: [], removed: [], total: 4, toolkitChanges: [] };

  it('has one no-op job, because GitLab refuses a pipeline without jobs', () => {
    const p = parsed(gitlabPipeline(none));
    expect(visibleJobs(p)).toEqual(['no-tenant-affected']);
    const job = resolveJob(p, 'no-tenant-affected');
    expect(job.script).toEqual([`echo "No tenant's inputs changed since ${'a'.repeat(40)}: nothing to plan."`]);
    expect((p.stages as unknown as string[])).toContain(job.stage);
  });

  it('notes a removed tenant without planning or destroying it', () => {
    const p = parsed(gitlabPipeline({ ...none, removed: ['old-tenant'] }));
    expect(visibleJobs(p)).toEqual(['removed:old-tenant']);
    expect((resolveJob(p, 'removed:old-tenant').script as string[])[0]).toMatch(/Tenant old-tenant is no longer in the config.*does not destroy it/);
  });

  it('notes a site stack no longer written without planning or destroying it', () => {
    const p = parsed(gitlabPipeline({ ...none, removedSites: ['site-lu-colo-1'] }));
    expect(visibleJobs(p)).toEqual(['removed:site-lu-colo-1']);
    expect((resolveJob(p, 'removed:site-lu-colo-1').script as string[])[0]).toMatch(/Site stack site-lu-colo-1 is no longer written.*does not destroy it/);
  });

  it('plans a changed site stack alone when no tenant changed', () => {
    const p = parsed(gitlabPipeline({ ...none, sites: [{ name: 'site-lu-colo-1', site: 'lu-colo-1', tenants: ['mfin-internal'], reason: 'changed' }] }));
    expect(visibleJobs(p).sort()).toEqual(['apply:site-lu-colo-1', 'plan:site-lu-colo-1']);
  });

  it('keeps job names within GitLab limits for the longest tenant name the schema allows', () => {
    const name = `a${'b'.repeat(30)}c`;
    const p = parsed(gitlabPipeline({ affected: [{ name, site: 's', classification: 'c', reason: 'all' }], removed: [], total: 1, toolkitChanges: [] }));
    expect(visibleJobs(p).sort()).toEqual([`apply:${name}`, `plan:${name}`]);
    for (const j of visibleJobs(p)) expect(j.length).toBeLessThanOrEqual(MAX_JOB_NAME);
  });
});
