/**
 * `govcloud vendors` as text, JSON or Markdown: per tenant each component with its vendor, licence and exposure in
 * the licence's own metric; then the totals per vendor across tenants; then what remains of a single vendor with no
 * alternative this toolkit supports. The same facts in every format, in the report's stable order.
 */
import type { ComponentExposure, Exposure, TenantVendorExposure, VendorsReport } from '../vendor-exposure';
import { esc } from './markdown-text';

/** The formats `govcloud vendors` writes. */
export const VENDORS_FORMATS = ['text', 'json', 'markdown'] as const;
/** One of {@link VENDORS_FORMATS}. */
export type VendorsFormat = (typeof VENDORS_FORMATS)[number];

/** What a report without a catalogue says, in every format. */
export const NO_CATALOGUE = 'no components catalogue (components.yaml) in the config folder: vendor and licence exposure is not known';

/** `report` in `format`, ending in a newline. */
export function renderVendors(report: VendorsReport, format: VendorsFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'markdown' ? vendorsMarkdown(report) : vendorsText(report);
}

/** `28 vCPU`, `1 namespace`, `none`, `not computable (clients ...)`. */
export function exposureWords(e: Exposure): string {
  if (e.unit === 'none') return 'none (no fee)';
  return e.amount === undefined ? `not computable: ${e.basis}` : `${e.amount} ${e.unit}`;
}

/** `clients not computable for 3 tenants`. */
const uncountedWords = (u: { unit: string; tenants: number }) => `${u.unit}s not computable for ${u.tenants} tenant${u.tenants === 1 ? '' : 's'}`;

const law = (j: readonly string[]) => (j.length ? j.join(', ') : 'jurisdictions unknown');

/** `proprietary, per-core (at least 16 cores per CPU)`, `MPL-2.0 (open source)`. */
function licenceWords(c: ComponentExposure): string {
  const metric = c.licence.metric === 'none' ? '' : `, ${c.licence.metric}${c.licence.minimumCoresPerCpu ? ` (at least ${c.licence.minimumCoresPerCpu} cores per CPU)` : ''}`;
  return `${c.licence.id}${c.licence.open ? ' (open source)' : ''}${metric}`;
}

function alternativesWords(c: ComponentExposure): string {
  return c.alternatives.length ? c.alternatives.map((a) => `${a.name} (toolkit support: ${a.toolkitSupport})`).join('; ') : 'none recorded';
}

function totalWords(t: VendorsReport['totals'][number]): string {
  const amounts = [...t.exposure.map((e) => `${e.amount} ${e.unit}`), ...t.uncounted.map(uncountedWords)].join(', ');
  return `${t.tenants.length} tenant${t.tenants.length === 1 ? '' : 's'}, components ${t.components.join(', ')}${amounts ? `; ${amounts}` : ''}`;
}

/** The text form. */
export function vendorsText(report: VendorsReport): string {
  if (!report.catalogue) return `${NO_CATALOGUE}\n`;
  const lines: string[] = [];
  for (const t of report.tenants) {
    lines.push(`tenant ${t.tenant} (site ${t.site})`);
    for (const c of t.components) {
      lines.push(`  ${c.kind} ${c.name}: vendor ${c.vendor.name} (${law(c.vendor.jurisdictions)}); licence ${licenceWords(c)}; exposure ${exposureWords(c.exposure)}; alternatives: ${alternativesWords(c)}`);
    }
  }
  lines.push('', 'totals per vendor:');
  for (const t of report.totals) lines.push(`  ${t.name} (${law(t.jurisdictions)}): ${totalWords(t)}`);
  lines.push('', 'single vendor, no alternative this toolkit supports:');
  if (!report.singleVendor.length) lines.push('  none');
  for (const s of report.singleVendor) lines.push(`  ${s.name} (${s.vendor}${s.euVendor ? ', EU' : ''}): tenants ${s.tenants.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** A Markdown table of one tenant's components: vendor, licence, exposure and alternatives (also in evidence records). */
export function componentTable(t: TenantVendorExposure): string[] {
  return [
    '| component | kind | vendor | licence | exposure | alternatives |',
    '| --- | --- | --- | --- | --- | --- |',
    ...t.components.map(
      (c) => `| ${esc(c.name)} | ${c.kind} | ${esc(c.vendor.name)} (${esc(law(c.vendor.jurisdictions))}) | ${esc(licenceWords(c))} | ${esc(exposureWords(c.exposure))} | ${esc(alternativesWords(c))} |`,
    ),
  ];
}

/** The Markdown form: a table per tenant, then the totals and the single-vendor dependencies. */
export function vendorsMarkdown(report: VendorsReport): string {
  if (!report.catalogue) return `${esc(NO_CATALOGUE)}\n`;
  const lines: string[] = ['## Vendor and licence exposure', ''];
  for (const t of report.tenants) {
    lines.push(`### ${esc(t.tenant)} (site ${esc(t.site)})`, '', ...componentTable(t), '');
  }
  lines.push('### Totals per vendor', '', '| vendor | jurisdictions | tenants | components | exposure |', '| --- | --- | --- | --- | --- |');
  for (const t of report.totals) {
    lines.push(`| ${esc(t.name)} | ${esc(law(t.jurisdictions))} | ${t.tenants.length} | ${esc(t.components.join(', '))} | ${esc([...t.exposure.map((e) => `${e.amount} ${e.unit}`), ...t.uncounted.map(uncountedWords)].join(', ') || '-')} |`);
  }
  lines.push('', '### Single vendor, no alternative this toolkit supports', '');
  if (!report.singleVendor.length) lines.push('None.');
  for (const s of report.singleVendor) lines.push(`- ${esc(s.name)} (${esc(s.vendor)}${s.euVendor ? ', EU' : ''}): ${esc(s.tenants.join(', '))}`);
  return `${lines.join('\n')}\n`;
}
