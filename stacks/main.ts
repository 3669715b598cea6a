#!/usr/bin/env node
/**
 * The cdktf app entry named in cdktf.json, so `cdktf synth` works for those who have the cdktf CLI. It loads
 * `GOVCLOUD_CONFIG` (default `config`) and synthesizes into cdktf's output folder what `govcloud synth` writes
 * there: every tenant stack, one site stack per site in use and the OpenBao audit stanzas, the same bytes (a
 * test compares them). Then the whole-stack check judges what was written, and any error exits 1. The
 * `govcloud` command does the same with atomic output (nothing written on a refusal) and clearer errors;
 * prefer it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { loadConfig } from '../loader/load-config';
import { checkStacks } from '../check/check-stacks';
import { readCheckInputs } from '../check/read-inputs';
import { openBaoAuditConfig, openBaoAuditFile } from '../policy/site-audit';
import { SiteStack } from './site-stack';
import { addTenantStacks } from './synth';
import { sitesInUse } from './synth/sites-in-use';

const config = loadConfig(process.env.GOVCLOUD_CONFIG ?? 'config');
// No stack traces in the metadata, as `govcloud synth`: they would name this machine's paths.
const app = new App({ stackTraces: false });
const { refusals } = addTenantStacks(app, config);
if (refusals.length) {
  for (const r of refusals) console.error(r.message);
  process.exit(1);
}
const sites = [...sitesInUse(config)].map(([id, tenants]) => new SiteStack(app, { site: config.sites.get(id)!, tenants }));
app.synth();
for (const s of sites.filter((x) => x.props.site.vault.edition === 'openbao')) {
  const file = path.join(app.outdir, openBaoAuditFile(s.props.site.id));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, openBaoAuditConfig(s.props.site, s.devices));
}
const errors = checkStacks(config, readCheckInputs([app.outdir]))
  .stacks.flatMap((s) => s.findings)
  .filter((f) => f.severity === 'error' && !f.suppressedBy);
if (errors.length) {
  for (const f of errors) console.error(`error ${f.ruleId} stack ${f.tenant} (${f.resource}): ${f.found}; allowed: ${f.allowed}. Fix: ${f.fix}`);
  process.exit(1);
}
