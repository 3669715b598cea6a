import type { BlockChange, OutputDiff, TenantDiff } from '../../../../policy/diff/diff-model';
import { blockName, renderDiffMarkdown } from '../../../../policy/report/diff-formats/diff-markdown';
import { blockIn } from '../../../policy/diff/diff-fixtures';
import { diffAfter } from '../../../policy/diff/risks/risk-fixtures';

/**
 * The merge-request comment rendered as GitLab and GitHub would, by a CommonMark renderer with GFM tables
 * (markdown-it, devDependency; inline HTML on, as both allow `<details>`, `<summary>`, `<span title>`), then read
 * back as text: every value must come out whole.
 */
type MarkdownIt = (options: { html: boolean }) => { render(src: string): string };
function loadMarkdownIt(): MarkdownIt {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('markdown-it') as MarkdownIt;
  } catch {
    throw new Error('markdown-it (a devDependency in package.json) is not installed: run npm install (npm ci in CI)');
  }
}
const markdownIt = loadMarkdownIt();
const renderer = markdownIt({ html: true });

/** The text a reader sees: tags dropped, entities decoded. */
function visibleText(htmlText: string): string {
  return htmlText
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const POLICY_BEFORE = 'path "kv/data/*" {\n  capabilities = ["read"]\n}\n';
const POLICY_AFTER = 'path "kv/data/*" {\n  capabilities = ["read", "list"]\n}\n\npath "kv/metadata/*" {\n  capabilities = ["read", "list", "delete"]\n}\n';
const ONE_LINE_POLICY = 'path "kv/data/*" { capabilities = ["read"] } path "kv/metadata/*" { capabilities = ["list"] }';
/** Values that break naive cells: emphasis, pipes, backtick runs, HTML, entities, spaces at both ends. */
const TRICKY = ['path "kv/data/*" { capabilities = ["read"] } path "kv/metadata/*" {}', '*bold* _u_ a|b', 'run ``` of `ticks`', '<script>alert(1)</script> &amp; &lt;', ' padded ', '`edge`', 'a\\*b'];

const change = (over: Partial<BlockChange>): BlockChange => ({ address: 'x.y', kind: 'changed', type: 'x', attributes: [], risks: [], ...over });

function vaultDiff(): OutputDiff {
  const policy = change({
    address: 'vault_policy.tenant_keys_reader_1A2B3C4D',
    type: 'vault_policy',
    constructPath: 'dsp-ng/tenant/keys/reader',
    attributes: [{ path: 'policy', before: POLICY_BEFORE, after: POLICY_AFTER, risks: [{ label: 'security', reason: '"kv/data/*" gains list; new path "kv/metadata/*" with read, list, delete' }] }],
    risks: [{ label: 'security', reason: 'policy widens' }],
  });
  const inline = change({
    address: 'vault_policy.tenant_keys_writer_5E6F7A8B',
    type: 'vault_policy',
    constructPath: 'dsp-ng/tenant/keys/writer',
    attributes: [
      { path: 'policy', before: undefined, after: ONE_LINE_POLICY, risks: [] },
      ...TRICKY.map((t, i) => ({ path: `tags.${i}`, before: 'old', after: t, risks: [] })),
    ],
  });
  const dc = change({
    address: 'data.vsphere_datacenter.tenant_site_datacenter_6CE68487',
    type: 'vsphere_datacenter',
    constructPath: 'dsp-ng/tenant/site/datacenter',
    attributes: [{ path: 'name', before: 'GOVCLOUD-LU-1', after: 'FRA1', risks: [{ label: 'residency', reason: 'datacenter "GOVCLOUD-LU-1" (LU) -> "FRA1" (DE) | <moves>' }] }],
    risks: [{ label: 'residency', reason: 'moves' }],
  });
  const provider = change({ address: 'provider.vault', type: 'provider', attributes: [{ path: 'address', before: 'https://a', after: 'https://b', risks: [] }] });
  const tenant: TenantDiff = { tenant: 'dsp-ng', status: 'changed', changes: [policy, inline, dc, provider] };
  return { base: 'git:HEAD~1', head: 'working tree', tenants: [tenant] };
}

const markdown = () => renderDiffMarkdown(vaultDiff());
const rendered = () => renderer.render(markdown());

describe('the merge-request comment of a diff, rendered by a CommonMark renderer', () => {
  it('shows every value of a diff holding Vault policies whole: no character lost, no emphasis made', () => {
    const text = visibleText(rendered());
    for (const value of [POLICY_BEFORE, POLICY_AFTER, ONE_LINE_POLICY, ...TRICKY]) expect(text).toContain(value);
    expect(rendered()).not.toMatch(/<(em|strong)>/);
    expect(rendered()).not.toContain('<script>');
  });

  it('shows the reasons of each risk whole, pipes and angle brackets included', () => {
    expect(visibleText(rendered())).toContain('datacenter "GOVCLOUD-LU-1" (LU) -> "FRA1" (DE) | <moves>');
  });

  it('puts multi-line values in a collapsible section, in a fenced block, and points at it from the cell', () => {
    const html = rendered();
    expect(html).toMatch(/<details>\s*<summary>\[1\] <code>tenant\/keys\/reader<\/code> <code>policy<\/code> before<\/summary>/);
    expect(html).toContain(`<pre><code class="language-text">${POLICY_AFTER.replace(/"/g, '&quot;')}</code></pre>`);
    expect(markdown()).toContain('| [1] below, 3 lines | [2] below, 7 lines |');
  });

  it('shows a long one-line value whole below the table rather than cutting it', () => {
    expect(markdown()).toMatch(/\| \(none\) \| \[3\] below, \d+ characters \|/);
    expect(markdown()).not.toContain('...');
  });

  it('puts the risk label in the first column of every table', () => {
    const md = markdown();
    expect(md).toContain('| risks | tenant | status | changes |');
    expect(md).toContain('| risk | change | block | attribute | before | after | why |');
    const rows = md.split('\n').slice(md.split('\n').indexOf('| --- | --- | --- | --- | --- | --- | --- |') + 1).filter((l) => l.startsWith('| '));
    expect(rows.slice(0, 3).map((l) => l.split(' | ')[0])).toEqual(['| 🔴 residency', '| 🟣 security', '| ']);
  });

  it('names blocks by construct path, with the Terraform address on hover', () => {
    const html = rendered();
    expect(html).toContain('<span title="data.vsphere_datacenter.tenant_site_datacenter_6CE68487"><code>tenant/site/datacenter</code></span>');
    expect(visibleText(html)).not.toContain('tenant_site_datacenter_6CE68487');
    expect(html).toContain('<td><code>provider.vault</code></td>');
  });

  it('renders the tables as tables: each row has as many cells as the header', () => {
    const html = rendered();
    const rows = html.match(/<tr>[\s\S]*?<\/tr>/g)!;
    const cells = rows.map((r) => (r.match(/<t[hd]\b/g) ?? []).length);
    expect(new Set(cells.slice(2))).toEqual(new Set([7]));
  });
});

describe('the merge-request comment of a synthesized stack whose Vault policy widens', () => {
  it('shows the policy before and after whole, under the construct path of the policy', () => {
    let before = '';
    let after = '';
    const tenant = diffAfter('dsp-ng', (j) => {
      const p = blockIn(j, 'vault_policy', 'dsp-ng-app');
      before = p.policy;
      p.policy = `${p.policy}path "kv/metadata/*" {\n  capabilities = ["read", "list"]\n}\n`;
      after = p.policy;
    });
    const html = renderer.render(renderDiffMarkdown({ base: 'a', head: 'b', tenants: [tenant] }));
    const text = visibleText(html);
    expect(text).toContain(before);
    expect(text).toContain(after);
    expect(html).toMatch(/<summary>\[2\] <code>tenant\/keys\/app-policy<\/code> <code>policy<\/code> after<\/summary>/);
    expect(html).not.toMatch(/<(em|strong)>/);
  });
});

describe('blockName', () => {
  it('is the construct path within the stack, or the address where cdktf recorded none', () => {
    expect(blockName(change({ constructPath: 'mfin-internal/tenant/site/datacenter' }), 'mfin-internal')).toBe('tenant/site/datacenter');
    expect(blockName(change({ address: 'terraform.backend' }), 'mfin-internal')).toBe('terraform.backend');
  });
});
