/** How the KEY rules read Vault paths: without the slashes around them, and where an audit device is enabled. */
import type { TfBlock } from '../../terraform/stack-document';

/** `s` without leading and trailing slashes; a loop, since `/\/+$/g` retries every offset of a long run of them. */
export function trimSlashes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === '/') start++;
  while (end > start && s[end - 1] === '/') end--;
  return s.slice(start, end);
}

/** Audit devices live in the root namespace (Vault Enterprise serves sys/audit there only): a tenant's are named after it. */
export function auditPath(b: TfBlock): string {
  return trimSlashes(String(b.values.path ?? b.values.type ?? b.name));
}
