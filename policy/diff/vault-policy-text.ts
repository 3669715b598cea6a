/**
 * What a change of a Vault policy's HCL text grants: the paths and capabilities added. Enough of HCL for the
 * policies a tenant stack writes (`path "..." { capabilities = [...] }`); anything else is "unreadable", and an
 * unreadable change is treated as a widening, because nobody can tell that it is not one.
 */

/** Capabilities per path, or undefined when the text is not policy HCL this reader understands. */
export function capabilitiesOf(text: unknown): Map<string, Set<string>> | undefined {
  if (typeof text !== 'string') return undefined;
  const out = new Map<string, Set<string>>();
  const withoutComments = text.replace(/(^|\s)(#|\/\/)[^\n]*/g, '$1');
  for (const m of withoutComments.matchAll(/path\s+"([^"]+)"\s*\{([^}]*)\}/g)) {
    const caps = /capabilities\s*=\s*\[([^\]]*)\]/.exec(m[2]);
    const set = out.get(m[1]) ?? new Set<string>();
    for (const c of caps ? caps[1].matchAll(/"([^"]+)"/g) : []) set.add(c[1]);
    out.set(m[1], set);
  }
  const stripped = withoutComments.replace(/path\s+"[^"]+"\s*\{[^}]*\}/g, '').trim();
  return stripped === '' ? out : undefined;
}

/**
 * How `after` grants more than `before`, one line per path (`tenants/x/kv/* gains delete`, `new path sys/*
 * with read`); empty when it grants nothing more. Undefined when either text cannot be read.
 * `movedNamespace`: the policy moves to another namespace, where paths are relative to it, so a new path is
 * matched with an old one it ends (`kv/data/*` with `tenants/x/kv/data/*`).
 */
export function policyWidening(before: unknown, after: unknown, movedNamespace = false): string[] | undefined {
  const b = before === undefined ? new Map<string, Set<string>>() : capabilitiesOf(before);
  const a = capabilitiesOf(after);
  if (!a || !b) return undefined;
  const out: string[] = [];
  for (const [path, caps] of [...a.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const granted = [...caps].filter((c) => c !== 'deny');
    const old = b.get(path) ?? (movedNamespace ? [...b].find(([p]) => p.endsWith(`/${path}`))?.[1] : undefined);
    if (!old) {
      if (granted.length) out.push(`new path "${path}" with ${granted.join(', ')}`);
      continue;
    }
    const gained = granted.filter((c) => !old.has(c));
    if (old.has('deny') && !caps.has('deny') && granted.length) out.push(`"${path}" no longer denied`);
    else if (gained.length) out.push(`"${path}" gains ${gained.join(', ')}`);
  }
  return out;
}
