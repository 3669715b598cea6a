import { recoveryStackName } from '../policy/tenant-rules/avl';
import { Document, isMap, isScalar } from 'yaml';
import type { AffectedSite } from './affected-sites';
import type { AffectedReason, AffectedTenant, AffectedTenants } from './affected-tenants';

/** Options of {@link gitlabPipeline}. */
export interface GitlabPipelineOptions {
  /**
   * The config folder as the jobs pass it to `govcloud`, relative to the repository root (jobs run there).
   * @default 'config'
   */
  readonly configDir?: string;
}

/** The command every job runs: the toolkit as `npm run build` compiles it. */
const GOVCLOUD = 'node dist/cli/govcloud.js';
/** Where a job keeps what it hands on: the review and check report of each tenant, in a folder of its own. */
const OUT = 'govcloud-pipeline/$GOVCLOUD_TENANT';
const STACK = 'cdktf.out/stacks/$GOVCLOUD_TENANT';
const CONFIG = '--config "$GOVCLOUD_CONFIG"';
/**
 * What a job synthesizes: its tenant, or for a site stack the tenants of the site (`GOVCLOUD_SYNTH_TENANTS`, names
 * the schema holds to `[a-z0-9-]`, split by the shell), whose synthesis writes the site stack.
 */
const SYNTH = '${GOVCLOUD_SYNTH_TENANTS:-"$GOVCLOUD_TENANT"}';

/**
 * A GitLab CI child pipeline for the affected tenants: per tenant a `plan:<tenant>` job (synth, check, terraform
 * plan, review as an artifact and a merge-request note) and an `apply:<tenant>` job, manual and on the default
 * branch only, both in the tenant's own `resource_group` so two jobs never run terraform on one state at once.
 * What every job runs is in hidden template jobs; a tenant's jobs name the tenant, its resource group and its
 * environment. Tenants removed since the revision get a note job (the pipeline never destroys a tenant); with
 * nothing to plan, one no-op job says so, because GitLab refuses a pipeline without jobs. Credentials are never
 * written here: jobs read them from CI/CD variables. Deterministic: the same tenants give the same bytes.
 */
export function gitlabPipeline(tenants: AffectedTenants, options: GitlabPipelineOptions = {}): string {
  const sites = tenants.sites ?? [];
  const removedSites = tenants.removedSites ?? [];
  const nothing = tenants.affected.length === 0 && sites.length === 0;
  const notes = tenants.removed.length > 0 || removedSites.length > 0 || nothing;
  const pipeline: Record<string, unknown> = {
    // Child pipelines run as branch pipelines unless rules say otherwise; this one runs whenever its parent triggers it.
    workflow: { rules: [{ if: '$CI_PIPELINE_SOURCE == "parent_pipeline"' }] },
    stages: ['plan', 'apply'],
    variables: {
      GOVCLOUD_CONFIG: options.configDir ?? 'config',
      GOVCLOUD_CI_IMAGE: 'node:20-bookworm',
      GOVCLOUD_FAIL_ON: 'residency,destructive',
      TF_IN_AUTOMATION: '1',
    },
    ...templates(notes),
  };
  const comments = new Map<string, string>([['.govcloud', " What every job runs; a job sets GOVCLOUD_TENANT to its stack: a tenant, or site-<id>."]]);
  const siteOf = new Map(sites.map((s) => [s.site, s]));
  for (const s of sites) {
    Object.assign(pipeline, siteJobs(s));
    comments.set(`plan:${s.name}`, ` ${s.name}: the audit devices of site ${s.site} (tenants ${s.tenants.join(', ')}); planned because ${siteBecause(s, tenants)}. Its apply comes before theirs.`);
  }
  for (const t of tenants.affected) {
    Object.assign(pipeline, tenantJobs(t.name, siteOf.get(t.site)));
    comments.set(`plan:${t.name}`, ` ${t.name}: ${t.classification} data on site ${t.site}; planned because ${because(t, tenants)}.`);
    if (t.recoverySite) {
      // The recovery stack, on the recovery site's vCenter and state: jobs and a resource group of its own, its
      // apply after the recovery site's (whose devices log it).
      const recovery = recoveryStackName(t.name);
      Object.assign(pipeline, tenantJobs(recovery, siteOf.get(t.recoverySite)));
      comments.set(`plan:${recovery}`, ` ${recovery}: the recovery of ${t.name} at site ${t.recoverySite}; planned with it.`);
    }
  }
  for (const name of tenants.removed) {
    pipeline[`removed:${name}`] = {
      extends: '.govcloud-note',
      script: [
        `echo "Tenant ${name} is no longer in the config (it was at ${tenants.since!.commit}). This pipeline does not destroy it: destroy its resources deliberately with terraform destroy on its state, once its data is migrated or erased."`,
      ],
    };
  }
  for (const name of removedSites) {
    pipeline[`removed:${name}`] = {
      extends: '.govcloud-note',
      script: [
        `echo "Site stack ${name} is no longer written: no tenant of the config is on its site. This pipeline does not destroy it: its audit devices stay enabled until you destroy them deliberately with terraform destroy on its state."`,
      ],
    };
  }
  if (nothing && tenants.removed.length === 0 && removedSites.length === 0) {
    const since = tenants.since ? ` since ${tenants.since.commit}` : '';
    pipeline['no-tenant-affected'] = {
      extends: '.govcloud-note',
      script: [`echo "No tenant's inputs changed${since}: nothing to plan."`],
    };
  }

  const doc = new Document(pipeline);
  doc.commentBefore = header(tenants);
  if (isMap(doc.contents)) {
    doc.contents.items.forEach(({ key }, i) => {
      if (!isScalar(key)) return;
      key.spaceBefore = i > 0;
      key.commentBefore = comments.get(String(key.value));
    });
  }
  return doc.toString({ lineWidth: 0 });
}

/** The hidden jobs the tenant jobs extend. */
function templates(notes: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    '.govcloud': {
      image: '$GOVCLOUD_CI_IMAGE',
      cache: { key: { files: ['package-lock.json'] }, paths: ['.npm/'] },
      before_script: ['npm ci --cache .npm --prefer-offline --no-audit --no-fund', 'npm run build --silent'],
      // The saved plan and its JSON hold the input variables in clear (vCenter password included): never kept.
      after_script: ['rm -f cdktf.out/stacks/*/tenant.tfplan cdktf.out/stacks/*/tenant.plan.json'],
    },
    '.govcloud-plan': {
      extends: '.govcloud',
      stage: 'plan',
      script: [
        // One command: synth and check (the JUnit report, written before terraform runs), terraform plan, and the
        // review (review.md, review.json). Labels inform the reviewer here; apply refuses them. A policy error or a
        // terraform failure fails the job, after the review is written and posted.
        `${GOVCLOUD} plan "$GOVCLOUD_TENANT" ${CONFIG} --fail-on "" --reports "${OUT}" || verdict=$?`,
        `if [ -n "$CI_MERGE_REQUEST_IID" ] && [ -s "${OUT}/review.md" ]; then curl --silent --show-error --fail --request POST --header "PRIVATE-TOKEN: $GOVCLOUD_MR_NOTE_TOKEN" --data-urlencode "body@${OUT}/review.md" --output /dev/null "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes" || echo "govcloud: the review was not posted to the merge request; set GOVCLOUD_MR_NOTE_TOKEN to a project access token with the api scope"; fi`,
        'exit "${verdict:-0}"',
      ],
      artifacts: {
        when: 'always',
        expire_in: '30 days',
        paths: ['govcloud-pipeline/'],
        reports: { junit: 'govcloud-pipeline/*/check.junit.xml' },
      },
    },
    '.govcloud-apply': {
      extends: '.govcloud',
      stage: 'apply',
      rules: [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', when: 'manual' }],
      script: [
        `${GOVCLOUD} synth ${CONFIG} --tenant ${SYNTH}`,
        // State kept in a local file would vanish with the job, and the next apply would create everything again.
        `node -e 'const s = require(process.argv[1]); const b = Object.keys((s.terraform || {}).backend || {}); if (b.length === 0 || b.includes("local")) { console.error(process.argv[2] + " keeps its state in a local file, lost when this job ends; give it a remote state backend before applying from CI"); process.exit(1); }' "$PWD/${STACK}/cdk.tf.json" "$GOVCLOUD_TENANT"`,
        // Terraform stores credentials in a saved plan, so the plan cannot travel as an artifact: plan again here,
        // and apply only if the new plan's review is the one the plan job published.
        `${GOVCLOUD} plan "$GOVCLOUD_TENANT" ${CONFIG} --fail-on "" --reports "${OUT}/apply"`,
        `diff -u "${OUT}/review.json" "${OUT}/apply/review.json" || { echo "The plan of $GOVCLOUD_TENANT is not the one plan:$GOVCLOUD_TENANT reviewed (differences above); run the pipeline again and review the new plan."; exit 1; }`,
        `${GOVCLOUD} apply "$GOVCLOUD_TENANT" ${CONFIG} --fail-on "$GOVCLOUD_FAIL_ON"`,
      ],
    },
  };
  if (notes) out['.govcloud-note'] = { stage: 'plan', image: '$GOVCLOUD_CI_IMAGE', variables: { GIT_STRATEGY: 'none' } };
  return out;
}

/**
 * The plan and apply jobs of one tenant; when the stack of its site is planned too, its apply needs the site's
 * (the site's audit devices are in force before the tenant's resources exist).
 */
function tenantJobs(name: string, site?: AffectedSite): Record<string, unknown> {
  return {
    [`plan:${name}`]: {
      extends: '.govcloud-plan',
      variables: { GOVCLOUD_TENANT: name },
      resource_group: `govcloud-${name}`,
    },
    [`apply:${name}`]: {
      extends: '.govcloud-apply',
      variables: { GOVCLOUD_TENANT: name },
      resource_group: `govcloud-${name}`,
      needs: [`plan:${name}`, ...(site ? [`apply:${site.name}`] : [])],
      environment: { name: `tenants/${name}` },
    },
  };
}

/** The plan and apply jobs of one site stack, synthesized through the site's tenants. */
function siteJobs(site: AffectedSite): Record<string, unknown> {
  const variables = () => ({ GOVCLOUD_TENANT: site.name, GOVCLOUD_SYNTH_TENANTS: site.tenants.join(' ') });
  return {
    [`plan:${site.name}`]: { extends: '.govcloud-plan', variables: variables(), resource_group: `govcloud-${site.name}` },
    [`apply:${site.name}`]: {
      extends: '.govcloud-apply',
      variables: variables(),
      resource_group: `govcloud-${site.name}`,
      needs: [`plan:${site.name}`],
      environment: { name: `sites/${site.site}` },
    },
  };
}

const REASONS: Record<AffectedReason, (since: string) => string> = {
  all: () => 'every tenant is planned without --changed-since',
  new: (since) => `it is new since ${since}`,
  changed: (since) => `its tenant file, site or classification changed since ${since}`,
  toolkit: (since) => `the toolkit changed since ${since}`,
  'base-unreadable': (since) => `the config at ${since} does not load, so nothing could be compared`,
};

const SITE_REASONS: Record<AffectedSite['reason'], (since: string) => string> = {
  all: () => 'every site stack is planned without --changed-since',
  new: (since) => `its site holds tenants it did not hold at ${since}`,
  changed: (since) => `its audit devices (the tenants on the site, their classifications' retention), the site's Vault or state backend changed since ${since}`,
  toolkit: REASONS.toolkit,
  'base-unreadable': REASONS['base-unreadable'],
};

function siteBecause(s: AffectedSite, tenants: AffectedTenants): string {
  return SITE_REASONS[s.reason](tenants.since?.commit.slice(0, 12) ?? '');
}

function because(t: AffectedTenant, tenants: AffectedTenants): string {
  return REASONS[t.reason](tenants.since?.commit.slice(0, 12) ?? '');
}

function header(tenants: AffectedTenants): string {
  const lines = [
    ' GitLab CI child pipeline written by `govcloud pipeline --ci gitlab`; generate it again rather than edit it.',
    ' Per tenant: plan:<tenant> (synth, check, terraform plan, review as artifact and merge-request note) and',
    ' apply:<tenant> (manual, default branch only); both hold resource_group govcloud-<tenant>. The same per site',
    ' stack (site-<id>, the audit devices) whose devices change; a tenant\'s apply needs its site\'s.',
    ' Credentials come from CI/CD variables: VSPHERE_USER, VSPHERE_PASSWORD, VAULT_TOKEN,',
    ' GOVCLOUD_MR_NOTE_TOKEN.',
  ];
  if (tenants.since) {
    const sites = tenants.sites?.length ? `, ${tenants.sites.length} site stack${tenants.sites.length === 1 ? '' : 's'}` : '';
    lines.push(` Changes since ${tenants.since.ref} (${tenants.since.commit}): ${tenants.affected.length} of ${tenants.total} tenants affected${sites}, ${tenants.removed.length} removed.`);
    if (tenants.toolkitChanges.length) {
      const shown = tenants.toolkitChanges.slice(0, 5).join(', ');
      lines.push(` The toolkit changed (${shown}${tenants.toolkitChanges.length > 5 ? ', ...' : ''}), so every tenant is planned.`);
    }
  } else {
    lines.push(` Every tenant (${tenants.total}) and every site stack is planned: no --changed-since.`);
  }
  return lines.join('\n');
}
