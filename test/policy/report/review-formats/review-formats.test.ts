import { renderReview } from '../../../../policy/report/review-formats';
import { mergeReviews, reviewPlan, type PlanReview } from '../../../../policy/review';

const plan = (resourceChanges: unknown[]) => ({ format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, resource_changes: resourceChanges });
const rc = (address: string, actions: string[], before: unknown, after: unknown) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  change: { actions, before, after, after_unknown: {}, before_sensitive: false, after_sensitive: false },
});

/** One change per label, plus an unlabelled create, in an order the review must not keep. */
const review: PlanReview = mergeReviews([
  reviewPlan(
    plan([
      rc('vsphere_folder.new', ['create'], null, { path: 'dsp-ng' }),
      rc('vault_audit.socket', ['update'], { options: { address: 'siem.lu:6514' } }, { options: { address: 'siem.example.com:6514' } }),
      rc('vsphere_tag.old', ['delete'], { name: 'x' }, null),
      rc('vsphere_virtual_machine.app', ['update'], { firmware: 'efi', annotation: 'a' }, { firmware: 'bios', annotation: 'a | <script>alert(1)</script> `tick`' }),
      rc('vsphere_datacenter.dc', ['update'], { name: 'GOVCLOUD-LU-1' }, { name: 'FRA1' }),
    ]),
    'stacks/dsp-ng/plan.json',
    { tenant: 'dsp-ng' },
  ),
  reviewPlan(plan([]), 'stacks/mfin-internal/plan.json', { tenant: 'mfin-internal' }),
]);

describe('renderReview as markdown', () => {
  const md = renderReview(review, 'markdown');

  it('opens with a summary table that has one row per tenant, its labels and findings first, then its counts', () => {
    expect(md).toContain('| labels | policy findings | tenant | create | update | replace | delete | read | plan |');
    expect(md).toContain('| 🔴 residency, 🟣 security, 🟠 destructive, 🔵 egress | 0 errors, 0 warnings, 0 suppressed | dsp-ng | 1 | 3 | 0 | 1 | 0 | `stacks/dsp-ng/plan.json` |');
    expect(md).toContain('| none | 0 errors, 0 warnings, 0 suppressed | mfin-internal | 0 | 0 | 0 | 0 | 0 | `stacks/mfin-internal/plan.json` |');
  });

  it('files the changes under their highest label, residency first and unlabelled last, each in a details section', () => {
    const order = ['#### 🔴 residency (1)', 'vsphere_datacenter.dc', '#### 🟣 security (1)', 'vsphere_virtual_machine.app', '#### 🟠 destructive (1)', 'vsphere_tag.old', '#### 🔵 egress (1)', 'vault_audit.socket', '#### Unlabelled (1)', 'vsphere_folder.new'];
    const at = order.map((s) => md.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md.match(/<details>/g)).toHaveLength(4);
    expect(md.match(/<\/details>/g)).toHaveLength(4);
    expect(md).toContain('- ⚪ **+ create** `vsphere_folder.new`');
  });

  it('escapes a value that would end a table cell or inject HTML', () => {
    const row = md.split('\n').find((l) => l.startsWith('| `annotation`'))!;
    // In a code span, `<script>` is text; the fence is longer than the backtick run inside; `|` is escaped.
    expect(row).toBe('| `annotation` | `"a"` | ``"a \\| <script>alert(1)</script> `tick`"`` |  |');
    expect(md).not.toMatch(/^<script>/m);
    expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });
});

describe('renderReview as text', () => {
  it('writes no escape sequence unless asked for colour', () => {
    const plain = renderReview(review, 'text');
    expect(plain).not.toContain('\x1b');
    const coloured = renderReview(review, 'text', { color: true });
    expect(coloured).toContain('\x1b[31m');
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });

  it('keeps control characters from plan values out of the terminal', () => {
    const hostile = reviewPlan(plan([rc('vsphere_folder.f', ['update'], { path: 'a' }, { path: 'b\x1b[2J\nrm -rf' })]), 'p.json');
    const text = renderReview(hostile, 'text');
    expect(text).not.toContain('\x1b');
    expect(text).toContain('path: "a" -> "b\\u001b[2J\\nrm -rf"');
  });

  it('ends with one line summing every tenant', () => {
    expect(renderReview(review, 'text').trimEnd().split('\n').pop()).toBe(
      'govcloud plan review: 2 tenants, 1 to create, 3 to update, 1 to delete; labels: residency, security, destructive, egress',
    );
  });
});

describe('renderReview as json', () => {
  /** The same object with its keys in reverse order, at every level. */
  const reversed = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;

  it('gives the same bytes for the same plan, whatever order its keys come in', () => {
    const p = plan([rc('vsphere_virtual_machine.app', ['update'], { firmware: 'efi', num_cpus: 2 }, { firmware: 'bios', num_cpus: 4 })]);
    const a = renderReview(reviewPlan(p, 'p.json'), 'json');
    const b = renderReview(reviewPlan(reversed(p), 'p.json'), 'json');
    expect(b).toBe(a);
  });

  it('sorts keys at every level and carries the format version and the summed counts', () => {
    const doc = JSON.parse(renderReview(review, 'json'));
    expect(Object.keys(doc)).toEqual(['counts', 'formatVersion', 'labels', 'tenants']);
    expect(doc.formatVersion).toBe(1);
    expect(doc.counts).toEqual({ create: 1, delete: 1, forget: 0, read: 0, replace: 0, update: 3 });
    expect(Object.keys(doc.tenants[0].changes[0])).toEqual([...Object.keys(doc.tenants[0].changes[0])].sort());
  });
});
