import { hasSecretShape, maskSecretShapes, PlanSecrets, SECRET_PATTERNS, SENSITIVE } from '../../../policy/secrets';
import { patternSpans } from '../../../policy/secrets/secret-patterns';

// Not real secrets: made-up values with the shapes real ones have (AWS's own documentation examples for AWS).
const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const AWS_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const GH = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEfakefakefakefake\nfakefakefake==\n-----END RSA PRIVATE KEY-----';
const S = SENSITIVE;

/**
 * For every kind: texts it masks (with what they read as afterwards) and harmless look-alikes it leaves alone.
 * A look-alike is checked against its own pattern and against the whole table, so it is left whole.
 */
const KINDS: Record<string, { masks: [string, string][]; leaves: string[] }> = {
  'pem-private-key': {
    masks: [[PEM, S], [`key: ${PEM.slice(0, 50)}`, `key: ${S}`]],
    leaves: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', '-----BEGIN PUBLIC KEY-----'],
  },
  'url-password': {
    masks: [
      ['https://u:pa/ss@host.example/x', `https://u:${S}@host.example/x`],
      ['postgres://app:s3cr3t@db.lu:5432/app', `postgres://app:${S}@db.lu:5432/app`],
    ],
    leaves: ['https://vault.govcloud.ctie.lu:8200', 'https://host.example:8443/users/@me', 'mailto:svc@vsphere.local'],
  },
  'credentials-without-scheme': {
    masks: [
      ['app:s3cretpw@db.lu:5432/app', `app:${S}@db.lu:5432/app`],
      ['HTTPS_PROXY=admin:pw@proxy.internal:3128', `HTTPS_PROXY=admin:${S}@proxy.internal:3128`],
    ],
    leaves: ['git@github.com:org/repo.git', 'alpine:3.19@sha256:0f3e4a5b', 'svc@vsphere.local', 'at 10:30@room.example'],
  },
  'aws-access-key-id': {
    masks: [[AWS_ID, S], ['temporary ASIAY34FZKBOKMUTVV7A,', `temporary ${S},`]],
    leaves: ['AKIAEXAMPLE', 'XAKIAIOSFODNN7EXAMPLEX', 'akiaiosfodnn7example'],
  },
  'aws-secret-access-key': {
    masks: [
      [`aws_secret_access_key = ${AWS_SECRET}`, `aws_secret_access_key = ${S}`],
      [`"SecretAccessKey": "${AWS_SECRET}"`, `"SecretAccessKey": "${S}"`],
    ],
    leaves: ['aws_secret_access_key = ${var.aws_secret}', 'commit da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  },
  'aws-secret-access-key-after-id': {
    masks: [[`${AWS_ID},${AWS_SECRET}`, `${S},${S}`]],
    leaves: ['AKIA, ASIA and a 40-character hash da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  },
  jwt: {
    masks: [[JWT, S], [`Authorization: Bearer ${JWT}`, `Authorization: Bearer ${S}`]],
    leaves: ['eyJhbGciOiJIUzI1NiJ9', 'eyJ.eyJ.x'],
  },
  'github-token': {
    masks: [
      ...['ghp', 'gho', 'ghu', 'ghs', 'ghr'].map((p): [string, string] => [`${p}_${GH}`, S]),
      [`github_pat_11ABCDEFG0123456789abc_${'x'.repeat(59)}`, S],
    ],
    leaves: ['ghp_token_ttl', 'gho_short', 'github_pat_'],
  },
  'vault-token': {
    masks: [['Bearer hvs.CAESIJx2fake0token0for0tests0onlyQ1bGx', `Bearer ${S}`], ['s.Xq3Lp9fake0legacy0token0', S]],
    leaves: ['s.abc', 'x.s.Xq3Lp9fake0legacy0token0'],
  },
  'secret-assignment': {
    masks: [
      ['host=db password=hunter2-x sslmode=verify-full', `host=db password=${S} sslmode=verify-full`],
      ['{"client_secret": "abc123"}', `{"client_secret": "${S}"}`],
      ['root_token: abcdef', `root_token: ${S}`],
      ["db_password: 'correct horse, battery'", `db_password: '${S}'`],
    ],
    leaves: ['token_ttl=3600', 'password_length: 16', 'password = ${var.db_password}', 'password: none', 'password: "${var.db_password}"', 'token: (sensitive)'],
  },
  'base64-secret': {
    masks: [
      [b64('{"user":"app","password":"hunter2-b64"}'), S],
      [`user_data=${b64('#cloud-config\npassword: hunter2-cloud\n')}`, `user_data=${S}`],
      [b64url(`ghp_${GH}`), S],
      [b64(b64('postgres://app:s3cr3t@db.lu/app')), S],
    ],
    leaves: [b64('hello world, nothing secret here'), 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=', 'abcdefghijklmnopqrstuvwxyz'],
  },
};

describe('secret patterns', () => {
  it('gives every kind of secret a name and examples in this table', () => {
    expect(SECRET_PATTERNS.map((p) => p.name).sort()).toEqual(Object.keys(KINDS).sort());
  });

  describe.each(SECRET_PATTERNS.map((p) => [p.name, p] as const))('%s', (name, pattern) => {
    it.each(KINDS[name].masks)('masks %j', (text, masked) => {
      expect(patternSpans(pattern, text).length).toBeGreaterThan(0);
      expect(maskSecretShapes(text, S)).toBe(masked);
      expect(hasSecretShape(text)).toBe(true);
    });

    it.each(KINDS[name].leaves)('leaves the look-alike %j alone', (text) => {
      expect(patternSpans(pattern, text)).toEqual([]);
      expect(maskSecretShapes(text, S)).toBe(text);
    });
  });
});

describe('secret patterns on adversarial input (a plan is untrusted)', () => {
  const N = 100_000;
  const ADVERSARIAL: Record<string, string> = {
    'one long word': 'a'.repeat(N),
    'schemes without hosts': 'a://'.repeat(N / 4),
    'scheme, user and colon repeated': 'a://b:'.repeat(N / 6),
    'logins without hosts': 'a:b@'.repeat(N / 4),
    'a URL password that never ends': `https://u:${'p'.repeat(N)}`,
    'JWT starts': 'eyJaaaa.'.repeat(N / 8),
    'a JWT header that never ends': `eyJ${'a'.repeat(N)}`,
    'access key prefixes': 'AKIA'.repeat(N / 4),
    'GitHub prefixes': 'ghp_'.repeat(N / 4) + 'github_pat_'.repeat(N / 11),
    'PEM starts': '-----BEGIN '.repeat(N / 11),
    'a PEM key never ended': `-----BEGIN RSA PRIVATE KEY-----${'A'.repeat(N)}`,
    'assignments without values': 'password='.repeat(N / 9),
    'quoted values never closed': 'password: "'.repeat(N / 11) + `token="${'a'.repeat(N)}`,
    'a secret key followed by blanks': `aws_secret_access_key${' '.repeat(N)}`,
    'dotted words': 'a.'.repeat(N / 2),
    'Vault prefixes': 'hvs.'.repeat(N / 4) + 's.'.repeat(N / 2),
    'base64 in base64 in base64': b64(b64(b64('x'.repeat(N / 2)))),
    'blank lines': '\n'.repeat(N),
    'at signs': '@'.repeat(N),
    'pairs of a letter and a colon': 'a:'.repeat(N / 2),
  };

  it.each(Object.entries(ADVERSARIAL))('scans %s (100,000 characters) in linear time', (_what, text) => {
    const secrets = PlanSecrets.of({ format_version: '1.2', variables: { v: { value: text } } });
    const started = Date.now();
    secrets.scrub(text);
    hasSecretShape(text);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
