import { renderText } from '../../policy/report/formats/text-format';
import { flat } from '../../policy/report/markdown-text';
import { renderReview } from '../../policy/report/review-formats';
import { reviewPlan } from '../../policy/review';
import { STA_03 } from '../../policy/stack-rules/sta';
import { KEY_02_STACK } from '../../policy/stack-rules/key/KEY-02';
import { sampleReport, WARNING } from './report/check-report-fixture';
import { exampleStack } from './stack-rules/stack-fixtures';

/**
 * Strings `govcloud check` and `review` read from stacks and plans reach regular expressions. Each case is a
 * megabyte that a backtracking expression (`\s*[\r\n]\s*`, `(\w+)\s*=`, `\/+$` before issue 10) retries from
 * every offset, which takes hours; no timing is asserted: a linear expression answers at once, and each case
 * also checks what the answer is.
 */
const MB = 1_000_000;

describe('long strings from plans and stacks', () => {
  it('flattens a megabyte of spaces with no line break as it is, and a run holding one to one space', () => {
    const spaces = `${' '.repeat(MB)}x`;
    expect(flat(spaces)).toBe(spaces);
    expect(flat('a \n\t b')).toBe('a b');
  });

  it('renders a check report (text) whose finding quotes a megabyte of spaces', () => {
    const report = sampleReport();
    const [dsp, mfin] = report.stacks;
    const out = renderText({ ...report, stacks: [dsp, { ...mfin, findings: [{ ...WARNING, found: `${' '.repeat(MB)}b\n c` }] }] });
    expect(out).toContain(`${' '.repeat(MB)}b c`);
  });

  it.each(['text', 'markdown'] as const)('renders a plan review (%s) of a resource whose address holds a megabyte of spaces', (format) => {
    // Values are cut short before they are shown; addresses and attribute names are shown whole.
    const address = `vsphere_folder.${' '.repeat(MB)}f`;
    const change = { actions: ['update'], before: { annotation: 'a' }, after: { annotation: 'b' }, after_unknown: {}, before_sensitive: false, after_sensitive: false };
    const plan = { format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, resource_changes: [{ address, mode: 'managed', type: 'vsphere_folder', change }] };
    const out = renderReview(reviewPlan(plan, 'plan.json', { tenant: 'dsp-ng' }), format);
    expect(out).toContain(`${' '.repeat(1000)}f`);
  });

  it('reads a pg conn_str that is a megabyte of one word without a key=value pair', () => {
    const { json, context } = exampleStack();
    json.terraform.backend = { pg: { conn_str: `${'a'.repeat(MB)} host=pg.euw1.hyperscaler.example sslmode=verify-full` } };
    expect(STA_03.check(context(json)).map((f) => f.found)).toContainEqual(expect.stringContaining('pg.euw1.hyperscaler.example'));
  });

  it('reads an audit device path with a megabyte of slashes inside it', () => {
    const { json, context } = exampleStack();
    json.resource.vault_audit = { s: { type: 'socket', path: `/x${'/'.repeat(MB)}y/`, options: { address: 'siem.govcloud.ctie.lu:6514' } } };
    expect(KEY_02_STACK.check(context(json))[0]?.found ?? '').toContain(`enables audit device "x${'/'.repeat(MB)}y"`);
  });
});
