// First: before anything loads cdktf (see the module); this module is loaded only when a synth builds stacks.
import './defer-cdktf-dependencies';
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformResource } from 'cdktf';
import type { GovCloudConfig } from '../../loader/load-config';
import { checkStacks } from '../../check/check-stacks';
import { readCheckInputs } from '../../check/read-inputs';
import type { CheckReport } from '../../policy/report/check-report';
import { openBaoAuditConfig, openBaoAuditFile } from '../../policy/site-audit';
import { SiteStack } from '../site-stack';
import { readManifest, writeManifest, type Manifest } from './cdktf-manifest';
import { forgettingTokens } from './synth-shortcuts';
import { withoutTokenStackTraces } from './token-stack-traces';
import { sitesInUse } from './sites-in-use';
import type { BuildOptions, BuiltStacks, SynthesizedSite } from './synth-types';

/**
 * Adds to the scratch folder `tmp`, beside the tenant stacks of `built`, one {@link SiteStack} per site in use
 * (`stacks/site-<id>/cdk.tf.json`, entered in `manifest.json` as cdktf enters a stack) and, for OpenBao sites, the
 * audit stanzas for the server config (`sites/<id>/openbao-audit.hcl`). Site stacks depend on every tenant of the
 * config (not only those built now), so every synth that writes anything writes them all again (a synth of named
 * tenants, those of their sites): they are small, and the same inputs give the same bytes. The whole-stack check judges them too; their report joins the tenants'.
 */
export function addSiteStacks(config: GovCloudConfig, tmp: string, built: BuiltStacks, options: BuildOptions & { readonly tenants?: readonly string[] }): BuiltStacks {
  // A synth of named tenants (a shard) writes the stacks of their sites only; the others, every site in use.
  const named = options.tenants
    ? new Set(options.tenants.flatMap((n) => {
        const spec = config.tenants.find((t) => t.spec.name === n)?.spec;
        return spec ? [spec.site, ...(spec.recovery ? [spec.recovery.site] : [])] : [];
      }))
    : undefined;
  const inUse = new Map([...sitesInUse(config)].filter(([id]) => !named || named.has(id)));
  if (inUse.size === 0) return { ...built, sites: [] };
  const dir = path.join(tmp, '.sites');
  const outDir = path.resolve(options.outDir);
  // One App per site, its tokens forgotten once it is written: a site stack lists every tenant of its site, so at
  // 10,000 tenants the four site stacks built in one App held some 10,000 constructs at once (the synth's peak).
  const manifest: Manifest = { version: '', stacks: {} };
  fs.mkdirSync(path.join(dir, 'stacks'), { recursive: true });
  // Tokens are forgotten only when nothing outside this function holds the stacks (a customizeSite hook might).
  const forget = options.customizeSite ? <T>(fn: () => T) => fn() : forgettingTokens;
  const sites = [...inUse].map(([id, tenants], i): SynthesizedSite => {
    const appDir = path.join(dir, `.app-${i}`);
    const site = forget(() =>
      withoutTokenStackTraces(() => {
        const app = new App({ outdir: appDir, stackTraces: false });
        const stack = new SiteStack(app, { site: config.sites.get(id)!, tenants });
        // What `--extend` adds to a site stack is synthesized and checked with the rest of it.
        options.customizeSite?.(stack);
        app.synth();
        return {
          name: stack.node.id,
          site: stack.props.site.id,
          resources: stack.node.findAll().filter((c) => TerraformResource.isTerraformResource(c)).length,
          file: path.join(outDir, 'stacks', stack.node.id, 'cdk.tf.json'),
          ...(stack.props.site.vault.edition === 'openbao' ? { artefact: path.join(outDir, openBaoAuditFile(stack.props.site.id)) } : {}),
          devices: stack.devices,
        };
      }),
    );
    fs.renameSync(path.join(appDir, 'stacks', site.name), path.join(dir, 'stacks', site.name));
    const own = readManifest(appDir)!;
    manifest.version = own.version;
    Object.assign(manifest.stacks, own.stacks);
    fs.rmSync(appDir, { recursive: true, force: true });
    return site;
  });
  writeManifest(dir, manifest);
  const report = checkStacks(config, readCheckInputs([dir]), { today: options.today, stackFile: (doc) => path.join(outDir, 'stacks', doc.stack, 'cdk.tf.json') });
  fs.mkdirSync(path.join(tmp, 'stacks'), { recursive: true });
  for (const s of sites) fs.renameSync(path.join(dir, 'stacks', s.name), path.join(tmp, 'stacks', s.name));
  const own = readManifest(dir)!;
  const tenants = readManifest(tmp);
  writeManifest(tmp, tenants ? { ...tenants, stacks: { ...tenants.stacks, ...own.stacks } } : own);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const s of sites.filter((x) => x.artefact)) {
    const file = path.join(tmp, openBaoAuditFile(s.site));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, openBaoAuditConfig(config.sites.get(s.site)!, s.devices));
  }
  return { tenants: built.tenants, sites, report: joinReports(built.report, report) };
}

/** The report of the tenant stacks and the site stacks, stacks by name as one check of them all gives. */
function joinReports(tenants: CheckReport, sites: CheckReport): CheckReport {
  const stacks = [...tenants.stacks, ...sites.stacks].sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
  return { ...tenants, stacks, unexamined: [...new Set([...tenants.unexamined, ...sites.unexamined])].sort() };
}
