import type { CheckReport, StackReport } from '../check-report';
import { inReadingOrder, type ReportedFinding } from '../../reported-finding';
import type { RuleDescription } from '../../rule-description';
import type { Suppression } from '../../suppression';
import { addressOf, locationText, unexaminedTypes } from './report-facts';

/** The `time` of every suite and test case, in seconds (see {@link renderJunit}). */
const TIME = '0';

/** Name of the last suite, whose test cases are the resource types no rule examined. */
export const UNEXAMINED_SUITE = 'unexamined resource types';

/**
 * The report as JUnit XML, as GitLab (`artifacts:reports:junit`) and Jenkins read it: one `<testsuite>` per stack,
 * one `<testcase classname="<stack>" name="<rule> <resource>">` per finding, and one passing test case per rule
 * that found nothing in the stack, so "N tests, M failed" means something.
 *
 * - An error is a `<failure type="<rule>">`: it fails the check, so it fails the test.
 * - A warning is `<skipped>`, with the details in `<system-out>`. Not a failure, because a warning does not fail
 *   the check and the report must agree with the exit code; not a passing test with `<system-out>`, because GitLab
 *   shows system output only for failed tests, so the warning would vanish. Skipped is the one status GitLab and
 *   Jenkins both count and list without failing anything; its message starts with `warning` so nobody reads it
 *   as "not run".
 * - A suppressed finding is `<skipped>` too, its message naming the reason, the approver and the expiry: the
 *   check was waived on purpose, which is what skipped means.
 * - The last suite has one skipped test case per resource type no rule examined (or one passing case saying
 *   there is none): a coverage gap shows up in the CI counts instead of being silent.
 *
 * The suppressions in force for a tenant are `<property name="suppression">` entries of its suite. Every text is
 * XML-escaped, and characters XML 1.0 cannot carry are replaced.
 *
 * The document is valid against Jenkins' `junit-10.xsd` (xunit-plugin; a copy in `test/schemas/`) but for one
 * attribute: `testcase/@file`, the path GitLab links a test case to, which that schema does not declare and
 * GitLab needs. So: no `skipped` count on `<testsuites>` (the suites carry theirs), the line of a finding in
 * its details (`location: FILE:LINE`) rather than a `line` attribute, and `time` on every suite and test case.
 * The time is `0`: a rule judges a stack in microseconds and the check does not time each one; consumers that
 * require the attribute (Jenkins' xunit, some dashboards) get a true, if coarse, figure.
 */
export function renderJunit(report: CheckReport): string {
  const suites = report.stacks.map((s) => stackSuite(s, report.rules, report.suppressions.filter((x) => x.tenant === s.tenant)));
  const orphans = report.suppressions.filter((x) => !report.stacks.some((s) => s.tenant === x.tenant));
  suites.push(unexaminedSuite(report, orphans));
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="govcloud check" tests="${tests}" failures="${failures}" errors="0" time="${TIME}">`,
    ...suites.flatMap((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

interface Suite {
  readonly tests: number;
  readonly failures: number;
  readonly skipped: number;
  readonly xml: string[];
}

function stackSuite(stack: StackReport, rules: readonly RuleDescription[], suppressions: readonly Suppression[]): Suite {
  const cases: string[] = [];
  const names = new Map<string, number>();
  // GitLab keeps only the first of test cases with the same name: number repeats (same rule, same block twice).
  const unique = (name: string) => {
    const n = (names.get(name) ?? 0) + 1;
    names.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  };
  let failures = 0;
  let skipped = 0;
  for (const f of inReadingOrder(stack.findings)) {
    const head = `<testcase classname="${attr(stack.stack)}" name="${attr(unique(`${f.ruleId} ${addressOf(f)}`))}" time="${TIME}" file="${attr(f.location.file)}">`;
    if (f.suppressedBy) {
      skipped++;
      const s = f.suppressedBy;
      cases.push(head, `  <skipped message="${attr(`suppressed ${f.severity} until ${s.expires}, approved by ${s.approvedBy}: ${s.reason}`)}"/>`, `  <system-out>${text(details(f))}</system-out>`, '</testcase>');
    } else if (f.severity === 'error') {
      failures++;
      cases.push(head, `  <failure message="${attr(`${f.found}; allowed: ${f.allowed}`)}" type="${attr(f.ruleId)}">${text(details(f))}</failure>`, '</testcase>');
    } else {
      skipped++;
      cases.push(head, `  <skipped message="${attr(`warning (does not fail the check): ${f.found}; allowed: ${f.allowed}`)}"/>`, `  <system-out>${text(details(f))}</system-out>`, '</testcase>');
    }
  }
  const quiet = rules.filter((r) => !stack.findings.some((f) => f.ruleId === r.id));
  for (const r of quiet) cases.push(`<testcase classname="${attr(stack.stack)}" name="${attr(unique(`${r.id} ${r.title}`))}" time="${TIME}"/>`);
  const tests = stack.findings.length + quiet.length;
  const properties = [
    ['tenant', stack.tenant],
    ['classification', stack.classification],
    ['site', stack.site],
    ['origin', `${stack.origin.kind} ${stack.origin.file}`],
    ...suppressions.map((s) => ['suppression', suppressionText(s)]),
    ...stack.unexamined.map((t) => ['unexamined', t]),
  ];
  return {
    tests,
    failures,
    skipped,
    xml: [
      `  <testsuite name="${attr(stack.stack)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${TIME}">`,
      '    <properties>',
      ...properties.map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`),
      '    </properties>',
      ...cases.map((c) => `    ${c}`),
      '  </testsuite>',
    ],
  };
}

function unexaminedSuite(report: CheckReport, orphanSuppressions: readonly Suppression[]): Suite {
  const gaps = unexaminedTypes(report);
  const cases = gaps.length
    ? gaps.map((g) => [
        `<testcase classname="${attr(UNEXAMINED_SUITE)}" name="${attr(g.type)}" time="${TIME}">`,
        `  <skipped message="${attr(`no rule examined ${g.type}${g.stacks.length ? ` (in ${g.stacks.join(', ')})` : ''}`)}"/>`,
        '</testcase>',
      ])
    : [[`<testcase classname="${attr(UNEXAMINED_SUITE)}" name="every resource type was examined by a rule" time="${TIME}"/>`]];
  const properties = orphanSuppressions.map((s) => `      <property name="suppression" value="${attr(`${s.tenant}: ${suppressionText(s)}`)}"/>`);
  return {
    tests: cases.length,
    failures: 0,
    skipped: gaps.length,
    xml: [
      `  <testsuite name="${attr(UNEXAMINED_SUITE)}" tests="${cases.length}" failures="0" errors="0" skipped="${gaps.length}" time="${TIME}">`,
      ...(properties.length ? ['    <properties>', ...properties, '    </properties>'] : []),
      ...cases.flat().map((c) => `    ${c}`),
      '  </testsuite>',
    ],
  };
}

/** The body GitLab shows as "System output": everything a person needs to act on the finding. */
function details(f: ReportedFinding): string {
  return [
    `${f.severity} ${f.ruleId} tenant ${f.tenant}`,
    `location: ${locationText(f.location)}`,
    `resource: ${addressOf(f)}`,
    ...(f.constructPath ? [`construct: ${f.constructPath}`] : []),
    `found: ${f.found}`,
    `allowed: ${f.allowed}`,
    `fix: ${f.fix}`,
    `source: ${f.source}`,
    ...(f.suppressedBy ? [`suppressed: ${suppressionText(f.suppressedBy)}`] : []),
  ].join('\n');
}

function suppressionText(s: Suppression): string {
  const declared = s.declaredAt ? `; declared at ${locationText(s.declaredAt)}` : '';
  return `${s.ruleId} on ${s.resource}: ${s.reason} (approved by ${s.approvedBy}, expires ${s.expires}${declared})`;
}

/** Characters XML 1.0 cannot hold at all, even escaped (most C0 controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes element text. */
function text(s: string): string {
  return s.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value; line breaks and tabs become character references so parsers keep them. */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
