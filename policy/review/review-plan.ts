import { RISK_ORDER, type RiskLabel, type RiskReason } from '../diff/diff-model';
import { inReadingOrder, type ReportedFinding } from '../reported-finding';
import { UnreadableInputError } from '../terraform/synth-reader';
import { classifyPlannedChange } from './plan-risks';
import {
  KNOWN_AFTER_APPLY,
  PLANNED_ACTIONS,
  type ChangeClassifier,
  type ChangeCounts,
  type ClassifiableChange,
  type PlannedAction,
  type PlannedAttribute,
  type PlannedChange,
  type PlannedOutput,
  type PlanReview,
  type TenantPlanReview,
} from './plan-review';
import { PlanSecrets, SENSITIVE } from '../secrets/plan-secrets';
import { isSecretName } from '../secrets/secret-names';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Options of {@link reviewPlan}. */
export interface ReviewOptions {
  /**
   * The tenant the plan is of (a plan is one stack, so one tenant).
   * @default the file name, as `fromPlanJson` names a stack it was given no name for
   */
  readonly tenant?: string;
  /**
   * Labels each change.
   * @default classifyPlannedChange, the small table in `plan-risks.ts`
   */
  readonly classify?: ChangeClassifier;
  /**
   * What `govcloud check` found in the same plan (`checkStacks(config, [fromPlanJson(json, file, tenant)])`),
   * shown with the changes. Their texts are masked like everything else.
   * @default none
   */
  readonly findings?: readonly ReportedFinding[];
}

const PLAN_FIX = 'run `terraform plan -out=tfplan`, then `terraform show -json tfplan > plan.json`, and pass plan.json';

/**
 * Reviews the JSON of `terraform show -json PLANFILE`: what each change does (counted per action, no-ops left out),
 * the attributes an update or replace changes (before → after, `(known after apply)` where Terraform does not know
 * yet), why a replace or delete happens, the labels each change earns, the outputs that change, and the policy
 * findings passed in. Pure: no file system, no clock.
 *
 * No secret reaches the review (see {@link PlanSecrets} for what is one): values are masked as they are read, and
 * the finished review (classifier reasons and findings included) is scrubbed once more for any secret text.
 *
 * @param planJson the parsed output of `terraform show -json PLANFILE`
 * @param file where it was read from, for the report
 * @throws UnreadableInputError when `planJson` is not a JSON plan of format 1.x (no value of it is put in the message)
 */
export function reviewPlan(planJson: unknown, file: string, options: ReviewOptions = {}): PlanReview {
  const plan = checkPlan(planJson, file);
  const secrets = PlanSecrets.of(plan);
  const classify = options.classify ?? classifyPlannedChange;
  const changes: PlannedChange[] = [];
  for (const rc of plan.resource_changes as unknown[]) {
    const change = plannedChange(rc, secrets);
    if (change) changes.push({ ...change, risks: ordered(classify(change)) });
  }
  changes.sort(byRiskThenAction);
  const counts = Object.fromEntries(PLANNED_ACTIONS.map((a) => [a, changes.filter((c) => c.action === a).length])) as ChangeCounts;
  const tenant: TenantPlanReview = {
    tenant: options.tenant ?? file,
    file,
    terraformVersion: typeof plan.terraform_version === 'string' ? plan.terraform_version : undefined,
    applyable: typeof plan.applyable === 'boolean' ? plan.applyable : undefined,
    complete: typeof plan.complete === 'boolean' ? plan.complete : undefined,
    counts,
    labels: labelsIn(changes.flatMap((c) => c.risks.map((r) => r.label))),
    changes,
    outputs: plannedOutputs(plan.output_changes, secrets),
    findings: inReadingOrder(options.findings ?? []),
  };
  const scrubbed = secrets.scrubAll(tenant);
  return { tenants: [scrubbed], labels: scrubbed.labels };
}

/** Several reviews as one (one tenant each, say, for a merge request that changes several), in the order given. */
export function mergeReviews(reviews: readonly PlanReview[]): PlanReview {
  const tenants = reviews.flatMap((r) => r.tenants);
  return { tenants, labels: labelsIn(tenants.flatMap((t) => t.labels)) };
}

function checkPlan(json: unknown, file: string): Json & { resource_changes: unknown[] } {
  if (!isObject(json)) throw new UnreadableInputError(file, 'not a JSON object', `pass the output of terraform show -json PLANFILE: ${PLAN_FIX}`);
  const version = json.format_version;
  if (typeof version !== 'string' || !/^1\.\d+$/.test(version)) {
    throw new UnreadableInputError(file, 'is not the output of terraform show -json PLANFILE (no format_version 1.x)', PLAN_FIX);
  }
  if (!isObject(json.planned_values)) throw new UnreadableInputError(file, 'has no planned_values object: it is not a plan', PLAN_FIX);
  const changes = json.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new UnreadableInputError(file, 'resource_changes is not a list', `regenerate it: ${PLAN_FIX}`);
  return { ...json, resource_changes: changes };
}

/** What Terraform's `actions` amount to; undefined for a no-op. */
function actionOf(actions: readonly string[]): PlannedAction | undefined {
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  for (const a of ['delete', 'create', 'update', 'read', 'forget'] as const) if (actions.includes(a)) return a;
  return undefined;
}

function plannedChange(rc: unknown, secrets: PlanSecrets): ClassifiableChange | undefined {
  if (!isObject(rc) || !isObject(rc.change) || typeof rc.address !== 'string') return undefined;
  const actions = strings(rc.change.actions);
  const action = actionOf(actions);
  if (!action) return undefined;
  const replacePaths = Array.isArray(rc.change.replace_paths)
    ? rc.change.replace_paths.filter(Array.isArray).map((p: unknown[]) => p.map(String).join('.'))
    : undefined;
  const attributes = action === 'update' || action === 'replace' ? changedAttributes(rc.change, secrets, replacePaths ?? []) : [];
  return {
    address: rc.address,
    mode: rc.mode === 'data' ? 'data' : 'managed',
    type: typeof rc.type === 'string' ? rc.type : rc.address.replace(/^(?:module\.[^.]+\.)*(?:data\.)?/, '').split('.')[0],
    action,
    actions,
    reason: typeof rc.action_reason === 'string' ? rc.action_reason : undefined,
    replacePaths: replacePaths?.length ? replacePaths : undefined,
    deposed: typeof rc.deposed === 'string' ? rc.deposed : undefined,
    previousAddress: typeof rc.previous_address === 'string' ? rc.previous_address : undefined,
    attributes,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Attributes: before → after, leaf by leaf, masked as they are read.

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
const child = (marks: unknown, key: string | number): unknown =>
  Array.isArray(marks) && typeof key === 'number' ? marks[key] : isObject(marks) ? marks[String(key)] : undefined;
/** The nearest non-index step of a path: the name a value sits under. */
const nameOf = (path: string) => path.split('.').reverse().find((s) => !/^\d+$/.test(s));
/** A secret's side of a change: whether it is there, never what it is. */
const hidden = (v: unknown) => (v === undefined || v === null ? v : SENSITIVE);

function changedAttributes(change: Json, secrets: PlanSecrets, replacePaths: readonly string[]): PlannedAttribute[] {
  const out: PlannedAttribute[] = [];
  const forces = (path: string) => replacePaths.some((r) => r === path || path.startsWith(`${r}.`) || r.startsWith(`${path}.`));
  const push = (a: PlannedAttribute) => out.push(forces(a.path) ? { ...a, forcesReplacement: true } : a);

  const visit = (path: string, b: unknown, a: unknown, bs: unknown, as: unknown, au: unknown): void => {
    const name = nameOf(path);
    const isSecret = bs === true || as === true || (name !== undefined && isSecretName(name));
    if (au === true) {
      const before = isSecret ? hidden(b) : secrets.mask(b, bs, name);
      push({ path, before, after: KNOWN_AFTER_APPLY, unknown: true, ...(same(before, b) ? {} : { sensitive: true as const }) });
      return;
    }
    if (isSecret) {
      if (!same(b, a)) push({ path, before: hidden(b), after: hidden(a), sensitive: true });
      return;
    }
    // A container on one side that holds unknowns on the other is compared as a container, so each unknown is shown.
    const containerOf = (v: unknown, other: unknown) => (v === undefined && (isObject(au) || Array.isArray(au)) ? (Array.isArray(other) ? [] : {}) : v);
    const b2 = containerOf(b, a);
    const a2 = containerOf(a, b);
    if (isObject(b2) && isObject(a2)) {
      for (const k of [...new Set([...Object.keys(b2), ...Object.keys(a2), ...(isObject(au) ? Object.keys(au) : [])])].sort()) {
        visit(join(path, k), b2[k], a2[k], child(bs, k), child(as, k), child(au, k));
      }
      return;
    }
    if (Array.isArray(b2) && Array.isArray(a2)) {
      const n = Math.max(b2.length, a2.length, Array.isArray(au) ? au.length : 0);
      for (let i = 0; i < n; i++) visit(join(path, i), b2[i], a2[i], child(bs, i), child(as, i), child(au, i));
      return;
    }
    if (same(b, a)) return;
    const before = secrets.mask(b, bs, name);
    const after = secrets.mask(a, as, name);
    push({ path, before, after, ...(same(before, b) && same(after, a) ? {} : { sensitive: true as const }) });
  };

  const root = (v: unknown) => (isObject(v) ? v : {});
  visit('', root(change.before), root(change.after), change.before_sensitive, change.after_sensitive, change.after_unknown);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs, labels and order.

function plannedOutputs(raw: unknown, secrets: PlanSecrets): PlannedOutput[] {
  const out: PlannedOutput[] = [];
  for (const [name, oc] of isObject(raw) ? Object.entries(raw).sort(([a], [b]) => (a < b ? -1 : 1)) : []) {
    if (!isObject(oc)) continue;
    const action = actionOf(strings(oc.actions));
    if (action !== 'create' && action !== 'update' && action !== 'delete') continue;
    const sensitive = oc.before_sensitive === true || oc.after_sensitive === true || isSecretName(name);
    const unknown = oc.after_unknown === true;
    const show = (v: unknown, marks: unknown) => (sensitive ? hidden(v) : secrets.mask(v, marks));
    out.push({
      name,
      action,
      before: action === 'create' ? undefined : show(oc.before, oc.before_sensitive),
      after: action === 'delete' ? undefined : unknown ? KNOWN_AFTER_APPLY : show(oc.after, oc.after_sensitive),
      ...(sensitive ? { sensitive: true as const } : {}),
      ...(unknown ? { unknown: true as const } : {}),
    });
  }
  return out;
}

/** Reasons without duplicates, highest label first. */
function ordered(reasons: readonly RiskReason[]): RiskReason[] {
  const seen = new Set<string>();
  const unique = reasons.filter((r) => {
    const key = `${r.label}\u0000${r.rule ?? ''}\u0000${r.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return unique.map((r, i) => ({ r, i })).sort((a, b) => RISK_ORDER.indexOf(a.r.label) - RISK_ORDER.indexOf(b.r.label) || a.i - b.i).map(({ r }) => r);
}

function labelsIn(labels: readonly RiskLabel[]): RiskLabel[] {
  const present = new Set(labels);
  return RISK_ORDER.filter((l) => present.has(l));
}

/** Destructive actions first among changes of the same risk. */
const ACTION_WEIGHT: Readonly<Record<PlannedAction, number>> = { delete: 0, replace: 1, update: 2, create: 3, forget: 4, read: 5 };

function byRiskThenAction(a: PlannedChange, b: PlannedChange): number {
  const rank = (c: PlannedChange) => (c.risks.length ? RISK_ORDER.indexOf(c.risks[0].label) : RISK_ORDER.length);
  const text = (c: PlannedChange) => `${c.address}\u0000${c.deposed ?? ''}`;
  return rank(a) - rank(b) || ACTION_WEIGHT[a.action] - ACTION_WEIGHT[b.action] || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0);
}
