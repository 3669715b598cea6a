import { hostInSite, hostOf } from '../../hosts';
import type { TfBlock } from '../../terraform/stack-document';
import { unknownAt } from '../block-values';
import { stackFinding, type StackRule } from '../stack-rule';
import type { StackFinding } from '../../finding';
import { airGapOf, label, LIBRARY, LIBRARY_ITEM, OVF_TEMPLATE, PROVIDER_ENDPOINT, VM, whereIs } from './net-facts';
import { standard } from '../../source';
import { PQ3639_AIR_GAP } from '../../pq-3639';

/** A URL in a string: http(s), ftp(s), git or ssh, optionally with a go-getter prefix (`git::https://...`). */
const URL_IN_TEXT = /(?:[a-z0-9]+::)?(?:https?|ftps?|git|ssh):\/\/[^\s"'<>`]+/gi;

/** Attributes NET-01 and NET-02 judge on their own terms (stricter: no download at all when air-gapped). */
const JUDGED_ELSEWHERE: Record<string, RegExp> = {
  [LIBRARY]: /^subscription(\.\d+)?\.subscription_url$/,
  [VM]: /^ovf_deploy(\.\d+)?\.remote_ovf_url$/,
  [OVF_TEMPLATE]: /^remote_ovf_url$/,
  [LIBRARY_ITEM]: /^file_url$/,
};

/** Every string in `value` with its attribute path, skipping what is known only after apply. */
function stringsIn(value: unknown, path: string, skip: (path: string) => boolean, out: { path: string; text: string }[] = []): { path: string; text: string }[] {
  if (path && skip(path)) return out;
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringsIn(v, path ? `${path}.${i}` : String(i), skip, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) stringsIn(v, path ? `${path}.${k}` : k, skip, out);
  return out;
}

export const NET_06: StackRule = {
  id: 'NET-06',
  title: 'In an air-gapped classification no attribute names a URL outside the enclave',
  severity: 'error',
  rises: false,
  rationale:
    'Inside an air-gapped enclave a URL to an outside host is either a path that must not exist or a step that fails halfway through an apply; both are found before Terraform runs. ' +
    'Every attribute of every resource, data source and provider is read (lifecycle messages, which are for people, are not); the attributes NET-01, NET-02 and NET-08 judge, and the backend (STA rules), are left to those rules.',
  fix: 'replace the URL with a host of the enclave (under its registered domains), or bring the artefact into the enclave through its reviewed import',
  sources: [standard('SecNumCloud 3.2, 12.10.c'), PQ3639_AIR_GAP],
  // It reads every block but claims none, so the coverage report still names the types no rule was written for.
  examines: ['provider.vault', 'provider.vsphere'],
  check(ctx) {
    if (!ctx.classification.airGapped.value) return [];
    const out: StackFinding[] = [];
    const judge = (at: TfBlock | string, values: Readonly<Record<string, unknown>>, skip: (path: string) => boolean) => {
      for (const { path, text } of stringsIn(values, '', skip)) {
        for (const [url] of text.matchAll(URL_IN_TEXT)) {
          const host = hostOf(url.replace(/^[a-z0-9]+::/i, ''));
          if (!host || /[${}]/.test(host) || hostInSite(host, ctx.site)) continue; // `${var.x}` hosts are not known here
          out.push(
            stackFinding(this, ctx, at, {
              attribute: path,
              found: `${typeof at === 'string' ? at : `${at.type} ${label(at)}`} names ${url.length > 120 ? `${url.slice(0, 117)}...` : url}, at ${host} ${whereIs(ctx, host)}`,
              allowed: `hosts of the enclave ${ctx.site.id} only (under ${ctx.site.domains.join(', ')}): ${airGapOf(ctx)}`,
            }),
          );
        }
      }
    };
    for (const block of [...ctx.doc.resources, ...ctx.doc.dataSources]) {
      const elsewhere = JUDGED_ELSEWHERE[block.type];
      judge(block, block.values, (path) => path === 'lifecycle' || unknownAt(block, path) || Boolean(elsewhere?.test(path)));
    }
    // The endpoints the providers talk to are NET-08's.
    for (const p of ctx.doc.providers) judge(`provider.${p.type}${p.alias ? `.${p.alias}` : ''}`, p.values, (path) => path === PROVIDER_ENDPOINT[p.type]);
    return out;
  },
};
