import { isSecretName } from './secret-names';

/**
 * Secrets recognised by their shape, whatever attribute holds them: one named pattern per kind. The text they
 * scan is untrusted (a plan JSON anyone can hand to `govcloud review`), so every pattern runs in linear time:
 * each one starts only where its kind can start (a literal prefix, or a look-behind that refuses to start in the
 * middle of a run), and every repetition that could be retried from many places is bounded.
 *
 * A maintained rule set was considered first: secretlint's `@secretlint/secretlint-rule-preset-recommend` (MIT).
 * It did not fit: it is an ES module only (this project and its tests are CommonJS), its engine is asynchronous
 * (a review is a pure synchronous function), and it leaves out kinds this toolkit needs: JWTs, base64-encoded
 * secrets, credentials without a scheme, and URL passwords with a `/`. Its AWS and GitHub prefixes are the ones
 * used here.
 */
export interface SecretPattern {
  /** Stable name of the kind (`aws-access-key-id`), used in tests and the README. */
  readonly name: string;
  /** What it finds, in a phrase. */
  readonly finds: string;
  /**
   * Global regular expression with indices (flags `gd`). The named group `secret` is what is masked; without it,
   * the whole match. Context around it (a URL's host, `aws_secret_access_key =`) stays readable.
   */
  readonly pattern: RegExp;
  /**
   * A further check on a match (a port that looks like a password, a key that names no secret, a base64 run that
   * decodes to nothing secret): false drops it. `depth` counts the base64 decodings around the text.
   * @default every match counts
   */
  readonly accept?: (match: { readonly secret: string; readonly groups: Readonly<Record<string, string | undefined>> }, depth: number) => boolean;
}

/** How deep base64 inside base64 is decoded: enough for a wrapped secret, never a loop on crafted input. */
const MAX_DECODE_DEPTH = 2;

/** Every kind of secret recognised by shape. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    name: 'pem-private-key',
    finds: 'a PEM private key block (RSA, EC, OPENSSH, ENCRYPTED, PKCS#8), or its start where it was cut short',
    pattern: /-----BEGIN [A-Z0-9 ]{0,64}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,64}PRIVATE KEY-----|$)/dg,
  },
  {
    name: 'url-password',
    finds: 'the password of a URL, `scheme://user:password@host`, a `/` in the password included',
    pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s/?#@:]{0,256}:(?<secret>[^\s?#@]{1,256})@/dg,
    // `https://host:8443/path@x` has a port and a path where a password would be: that is no password.
    accept: ({ secret }) => !/^\d{1,5}(?:\/|$)/.test(secret),
  },
  {
    name: 'credentials-without-scheme',
    finds: 'the password of `user:password@host` without a scheme (a connection string, a proxy setting)',
    // The host must look like one (a dot, or a port): `alpine:3.19@sha256:...` is an image digest, not a login;
    // `mailto:svc@host` and the other schemes without `//` name an address, not a user and password.
    pattern: /(?<![\w.%+\-/:@])(?!(?:mailto|sips?|xmpp|tel|urn|news):)[A-Za-z][\w.%+-]{0,63}:(?<secret>[^\s/@:?#]{1,256})@(?!sha\d+:)(?=[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]|:\d))/dg,
  },
  {
    name: 'aws-access-key-id',
    finds: 'an AWS access key id (`AKIA...` long-term, `ASIA...` temporary, and the other IAM prefixes)',
    pattern: /(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/dg,
  },
  {
    name: 'aws-secret-access-key',
    finds: 'an AWS secret access key: 40 characters after `aws_secret_access_key =` (any case, `:` or `=>` too)',
    pattern: /(?<![A-Za-z0-9_])["']?(?:aws_?)?secret_?access_?key["']?\s{0,8}(?::|=>|=)\s{0,8}["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
  },
  {
    name: 'aws-secret-access-key-after-id',
    finds: 'an AWS secret access key written right after its access key id (`AKIA...,wJalr...` in a credentials file)',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}[\s,:;|"']{1,8}(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dg,
  },
  {
    name: 'jwt',
    finds: 'a JSON Web Token: base64url header and payload, both JSON objects (`eyJ...`), and a signature',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/dg,
  },
  {
    name: 'github-token',
    finds: 'a GitHub token: `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` (36 characters or more) and `github_pat_`',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})(?![A-Za-z0-9_])/dg,
  },
  {
    name: 'vault-token',
    finds:
      'a Vault token: `hvs.`/`hvb.`/`hvr.` (Vault 1.10 and later), also after a dot (a map key in a dotted path), and the older `s.`/`b.` tokens, not after a dot (where it is more likely an address)',
    pattern: /(?:(?<![\w-])hv[sbr]\.[A-Za-z0-9_-]{20,}|(?<![\w.-])[sb]\.[A-Za-z0-9]{24,})(?![\w-])/dg,
  },
  {
    name: 'secret-assignment',
    finds: 'the value of a secret-named key written as text: `password=...`, `"client_secret": "..."`, `token: ...` (YAML, INI, env)',
    // A quoted value runs to its closing quote (a password may hold spaces or commas); a bare one to a separator.
    pattern: /(?<![\w.-])(?<key>[A-Za-z_][\w.-]{0,63})["']?\s{0,8}[:=]\s{0,8}(?<secret>"[^"\n]{1,256}"|'[^'\n]{1,256}'|[^\s"'`,;&()[\]{}<>$][^\s"'`,;&()[\]{}<>]{0,255})/dg,
    accept: ({ secret, groups }) => isSecretAssignment(groups.key!, secret),
  },
  {
    name: 'base64-secret',
    finds: 'a base64 (or base64url) value that decodes to text holding a secret of any kind above, or to a JSON document holding one',
    // Not after another base64 character, so a run is tried once; `=` may come before it (`user_data=...`).
    pattern: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])/dg,
    accept: ({ secret }, depth) => depth < MAX_DECODE_DEPTH && decodedHoldsSecret(secret, depth + 1),
  },
];

/** One span of text that is secret: `[start, end)`. */
export type Span = readonly [number, number];

/** The spans of `text` that one pattern finds secret (its `secret` group, or the whole match), in order. */
export function patternSpans(p: SecretPattern, text: string, depth = 0): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(p.pattern)) {
    let [start, end] = m.indices?.groups?.secret ?? m.indices![0];
    // A quoted secret keeps its quotes in view: `"password": "(sensitive)"`.
    if (end - start >= 3 && (text[start] === '"' || text[start] === "'") && text[end - 1] === text[start]) [start, end] = [start + 1, end - 1];
    if (!p.accept || p.accept({ secret: text.slice(start, end), groups: m.groups ?? {} }, depth)) spans.push([start, end]);
  }
  return spans;
}

/** The spans of `text` that are secret by their shape, every pattern's, sorted and merged. */
export function secretSpans(text: string, depth = 0): Span[] {
  const spans = SECRET_PATTERNS.flatMap((p) => patternSpans(p, text, depth));
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const [s, e] of spans) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** The parts of `s` that are secret by their shape ({@link SECRET_PATTERNS}). */
export function secretParts(s: string): string[] {
  return secretSpans(s).map(([start, end]) => s.slice(start, end));
}

/** `text` with every secret-shaped part replaced by `replacement`; a URL keeps its host, an assignment its key. */
export function maskSecretShapes(text: string, replacement: string): string {
  const spans = secretSpans(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + replacement;
    at = end;
  }
  return out + text.slice(at);
}

/** True for a string that looks like a secret, whatever its attribute is called: a shape above, or a JSON document holding one. */
export function hasSecretShape(s: string, depth = 0): boolean {
  return secretSpans(s, depth).length > 0 || jsonHoldsSecret(s, depth);
}

/** The JSON document a string holds (`jsonencode(...)`, `data_json`), if it holds an object or a list. */
export function jsonIn(s: string): unknown {
  const t = s.trim();
  if (!(t.startsWith('{') || t.startsWith('[')) || t.length > 1_000_000) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON document in a string with a secret-named key (`{"password": ...}`) or a secret-shaped value. */
export function jsonHoldsSecret(s: string, depth = 0): boolean {
  const holds = (v: unknown): boolean =>
    Array.isArray(v)
      ? v.some(holds)
      : typeof v === 'object' && v !== null
        ? Object.entries(v).some(([k, x]) => (isSecretName(k) && x !== null && x !== '') || holds(x))
        : typeof v === 'string' && hasSecretShape(v, depth);
  const parsed = jsonIn(s);
  return parsed !== undefined && holds(parsed);
}

/**
 * Whether `key: value` in free text gives a secret away: the key names one ({@link isSecretName}, its last dotted
 * part) and the value is not a reference (`${var.x}`, `$VAULT_TOKEN`) or a word that says there is none.
 */
function isSecretAssignment(key: string, value: string): boolean {
  if (!isSecretName(key.split('.').pop()!)) return false;
  return !value.startsWith('$') && !/^(?:null|none|true|false|undefined|\(sensitive(?: value)?\))$/i.test(value);
}

/** Whether a base64 or base64url run decodes to printable text that holds a secret. */
function decodedHoldsSecret(run: string, depth: number): boolean {
  const bytes = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < 8) return false;
  const text = bytes.toString('utf8');
  // Random bytes are no text: a hash, a key id or a word of the base64 alphabet decodes to control characters.
  if (text.includes('\ufffd') || /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return false;
  return hasSecretShape(text, depth);
}
