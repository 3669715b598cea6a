import { judges, type StackContext, type StackRule } from './stack-rule';
import type { StackFinding } from '../finding';

/** The outcome of judging one stack. */
export interface StackVerdict {
  readonly stack: string;
  readonly findings: readonly StackFinding[];
  /** Resource and data source types in the stack that no rule examined: a visible coverage gap. */
  readonly unexamined: readonly string[];
  /** Ids of the rules that ran. */
  readonly rulesRun: readonly string[];
}

/** Runs every rule that judges stacks of its kind (tenant or site) over the stack of `ctx`, and reports the types no rule looked at. */
export function checkStack(ctx: StackContext, all: readonly StackRule[]): StackVerdict {
  const rules = all.filter((r) => judges(r, ctx.siteTenants ? 'site' : 'tenant'));
  const findings = rules.flatMap((rule) => rule.check(ctx));
  const examined = new Set(rules.flatMap((r) => r.examines));
  const present = new Set([...ctx.doc.resources.map((b) => b.type), ...ctx.doc.dataSources.map((b) => `data.${b.type}`)]);
  const unexamined = [...present].filter((t) => !examined.has(t)).sort();
  return { stack: ctx.doc.stack, findings, unexamined, rulesRun: rules.map((r) => r.id) };
}
