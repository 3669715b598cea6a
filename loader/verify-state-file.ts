/**
 * Reads the JSON of `terraform show -json` of an applied stack and judges it with `policy/verify`: the one way
 * `govcloud verify` and the "as deployed" section of `govcloud evidence` prove what a stack claims. Bad input
 * (an unreadable file, a plan, an empty state, another stack's state) throws, for the caller to exit 2.
 */
import type { Site } from '../policy/model';
import { siteOfStack, type SiteAuditDevice, type SiteTenant } from '../policy/site-audit';
import { jsonSyntaxError } from '../policy/terraform/json-syntax-error';
import { readStateResources, type StateResource } from '../policy/terraform/state-reader';
import { UnreadableInputError } from '../policy/terraform/synth-reader';
import { verifySiteState } from '../policy/verify/verify-site';
import { AUDIT_LIST_FIX, readAuditList, verifyAuditList } from '../policy/verify/verify-audit-list';
import { tenantsOfState, verifyState, type VerifyReport } from '../policy/verify/verify-state';
import { InputError } from './input-error';
import type { GovCloudConfig, LoadedTenant } from './load-config';
import { readInputFile, TERRAFORM_JSON_MAX_BYTES } from './read-input-file';
import { UsageError } from './usage-error';

/** How to produce the file `verify` reads. */
export const STATE_FIX = "run `terraform show -json > state.json` in the stack's folder after apply, and pass state.json";

/** A stack `verify` can judge: a tenant's, or a site's (`site-<id>`, its audit devices). */
export type VerifiedStack = { readonly tenant: LoadedTenant; readonly site?: undefined } | { readonly site: Site; readonly tenant?: undefined };

/** The tenant or site stack named `stack`; a name that is neither is bad input naming the choices. */
export function stackToVerify(config: GovCloudConfig, stack: string, configDir: string): VerifiedStack {
  const tenant = config.tenants.find((t) => t.spec.name === stack);
  if (tenant) return { tenant };
  const site = siteOfStack(stack, config.sites);
  if (site) return { site };
  throw new UsageError([
    {
      file: stack,
      field: '',
      message: `"${stack}" is not a tenant of ${configDir}, nor the stack of a site (site-<id>)`,
      fix: `use one of ${config.tenants.map((t) => t.spec.name).join(', ') || '(none)'}, or site-<id> for a site's audit devices`,
    },
  ]);
}

/** The JSON in `file`, or bad input saying why not (with `fix`). */
function readJsonFile(file: string, fix: string): unknown {
  const read = readInputFile(file, { maxBytes: TERRAFORM_JSON_MAX_BYTES });
  if ('refused' in read) throw new UnreadableInputError(file, `not read: ${read.refused}${read.line ? ` (line ${read.line})` : ''}`, read.fix);
  try {
    return JSON.parse(read.text);
  } catch (e) {
    throw new UnreadableInputError(file, `not valid JSON (${jsonSyntaxError(e)})`, fix);
  }
}

/** The resources of the state in `file` (`terraform show -json`), or bad input saying why not. */
export function readStateFile(file: string): StateResource[] {
  return readStateResources(readJsonFile(file, STATE_FIX), file);
}

/**
 * Judges the audit list in `file` (`bao audit list -format=json` of the site's server) against the devices
 * govcloud declared for `site` (KEY-02 in force). An unreadable list is bad input.
 */
export function verifyAuditListFile(config: GovCloudConfig, site: Site, file: string, options: VerifyStateFileOptions = {}): VerifyReport {
  const listed = readAuditList(readJsonFile(file, AUDIT_LIST_FIX), file);
  return verifyAuditList({ site, tenants: tenantsAtSite(config, site), stateFile: file, devices: options.devices }, listed);
}

/** Two reports of one stack as one: each rule's checks together, the files named, what neither checked. */
export function joinReports(a: VerifyReport, b: VerifyReport): VerifyReport {
  const ids = [...new Set([...a.rules, ...b.rules].map((r) => r.id))];
  return {
    ...a,
    stateFile: `${a.stateFile} and ${b.stateFile}`,
    rules: ids.map((id) => {
      const [ra, rb] = [a.rules.find((r) => r.id === id), b.rules.find((r) => r.id === id)];
      return { id, title: (ra ?? rb)!.title, checks: [...(ra?.checks ?? []), ...(rb?.checks ?? [])] };
    }),
    notChecked: [...a.notChecked, ...b.notChecked],
  };
}

/** The tenants placed at `site`, as its audit devices see them. */
export function tenantsAtSite(config: GovCloudConfig, site: Site): SiteTenant[] {
  return config.tenants.filter((t) => t.spec.site === site.id).map((t) => ({ name: t.spec.name, classification: config.classifications.get(t.spec.classification)! }));
}

/** Options of {@link verifyStateFile}. */
export interface VerifyStateFileOptions {
  /**
   * For a site stack, only the audit devices this keeps (evidence of one tenant checks the devices that log it).
   * @default - every device of the site
   */
  readonly devices?: (device: SiteAuditDevice) => boolean;
}

/**
 * Judges the applied state in `stateFile` as the state of `stack`: a tenant's state against its evidence claims,
 * a site stack's against the audit devices it declares. A state of another tenant, an empty state, or one govcloud
 * did not make is bad input ({@link InputError}), never a failed rule.
 */
export function verifyStateFile(config: GovCloudConfig, stack: VerifiedStack, stateFile: string, options: VerifyStateFileOptions = {}): VerifyReport {
  const resources = readStateFile(stateFile);
  const owners = tenantsOfState(resources);
  if (stack.site) {
    const name = `site-${stack.site.id}`;
    if (owners.length) {
      throw new InputError([
        { file: stateFile, field: '', message: `the state is of tenant ${owners.join(', ')}, not of the stack ${name}`, fix: `run terraform show -json in stacks/${name}, or verify ${owners.join(', ')}` },
      ]);
    }
    return verifySiteState({ site: stack.site, tenants: tenantsAtSite(config, stack.site), stateFile, devices: options.devices }, resources);
  }
  const { spec } = stack.tenant;
  if (resources.length === 0 || owners.length === 0) {
    throw new InputError([
      { file: stateFile, field: '', message: resources.length === 0 ? 'the state holds no resource' : 'the state holds no tenant tag category (<tenant>-tenant): it is no govcloud tenant state', fix: STATE_FIX },
    ]);
  }
  if (owners.length !== 1 || owners[0] !== spec.name) {
    throw new InputError([{ file: stateFile, field: '', message: `the state is of tenant ${owners.join(', ')}, not ${spec.name}`, fix: `pass the state of ${spec.name}, or verify ${owners.join(', ')}` }]);
  }
  return verifyState(
    {
      tenant: spec.name,
      site: config.sites.get(spec.site)!,
      classification: config.classifications.get(spec.classification)!,
      catalogue: [...config.sites.values()],
      stateFile,
      spreadOptOuts: new Set(spec.vms.filter((g) => g.spread?.disabled).map((g) => g.name)),
    },
    resources,
  );
}
