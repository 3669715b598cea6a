import type { ReportedFinding } from '../../../policy/reported-finding';
import { renderReview } from '../../../policy/report/review-formats';
import { reviewPlan, type PlanReview } from '../../../policy/review';
import { hasSecretShape, isSecretName, PlanSecrets, SENSITIVE } from '../../../policy/secrets';

/** Every rendering of a review, colour included. */
const renderings = (review: PlanReview) => [
  renderReview(review, 'text'),
  renderReview(review, 'text', { color: true }),
  renderReview(review, 'markdown'),
  renderReview(review, 'json'),
];

// Not real secrets: made-up values with the shapes real ones have.
const VAULT_TOKEN = 'hvs.CAESIJx2fake0token0for0tests0onlyQ1bGx';
const LEGACY_TOKEN = 's.Xq3Lp9fake0legacy0token0';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEfakefakefakefake\nfakefakefake==\n-----END RSA PRIVATE KEY-----';

describe('secret attribute names', () => {
  it.each([
    'password', 'passwd', 'token', 'secret', 'secret_id', 'client_secret', 'private_key', 'access_key', 'secret_key', 'conn_str',
    'connection_string', 'api_key', 'credentials', 'vsphere_password', 'root_token', 'db_conn_str', 'clientSecret', 'apiKey',
    'google-credentials', 'password_wo', 'data_json_wo',
  ])('reads %s as a secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['token_ttl', 'token_policies', 'secret_id_ttl', 'password_wo_version', 'name', 'keys', 'firmware', 'address'])('reads %s as no secret', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('secret value shapes', () => {
  it.each([
    ['a URL with a password', 'postgres://app:s3cr3t@db.lu:5432/app'],
    ['a Vault token', `Authorization: Bearer ${VAULT_TOKEN}`],
    ['a legacy Vault service token', LEGACY_TOKEN],
    ['a PEM private key', PEM],
    ['a JSON document with a secret-named key', '{"user":"app","password":"x"}'],
  ])('recognises %s whatever its attribute is called', (_what, value) => {
    expect(hasSecretShape(value)).toBe(true);
  });

  it.each([
    ['a URL without a password', 'https://vault.govcloud.ctie.lu:8200'],
    ['an e-mail address', 'svc@vsphere.local'],
    ['a certificate, which is public', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'],
    ['a dotted name that is too short for a token', 's.abc'],
    ['a JSON document without secrets', '{"user":"app"}'],
  ])('leaves %s alone', (_what, value) => {
    expect(hasSecretShape(value)).toBe(false);
  });

  it('masks the password of a URL but keeps where it points, and masks a token inside text', () => {
    const secrets = PlanSecrets.of({});
    expect(secrets.mask('https://app:pw-12345@api.example/v2')).toBe(`https://app:${SENSITIVE}@api.example/v2`);
    expect(secrets.mask(`Bearer ${VAULT_TOKEN}`)).toBe(`Bearer ${SENSITIVE}`);
    expect(secrets.mask(PEM)).toBe(SENSITIVE);
    expect(secrets.mask('{"password":"x"}')).toBe(SENSITIVE);
  });
});

describe('reviewPlan masking on a plan built by hand', () => {
  /** Each of these is somewhere in the plan below, and must be nowhere in a rendering. */
  const SECRETS = {
    markedBefore: 'sens-json-before-1',
    markedAfter: 'sens-json-after-2',
    namedBefore: 'opt-token-before-3',
    namedAfter: 'opt-token-after-4',
    sensitiveVariable: 'marked-variable-5',
    namedVariable: 'admin-token-var-6',
    urlPassword: 'pg-url-pass-7',
    priorState: 'prior-state-secret-8',
    plannedOutput: 'planned-output-9',
    outputBefore: 'conn-before-10',
    outputAfter: 'conn-after-11',
    providerLiteral: 'provider-literal-12',
    moduleLiteral: 'module-literal-13',
    variableDefault: 'default-literal-14',
    writeOnly: 'write-only-15',
    pem: PEM,
    vaultToken: VAULT_TOKEN,
    legacyToken: LEGACY_TOKEN,
  };

  const plan = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    variables: {
      marked: { value: SECRETS.sensitiveVariable },
      admin_token: { value: SECRETS.namedVariable },
      db_url: { value: `postgres://app:${SECRETS.urlPassword}@db.lu:5432/app` },
    },
    planned_values: {
      outputs: { api: { sensitive: true, type: 'string', value: SECRETS.plannedOutput } },
      root_module: { resources: [] },
    },
    resource_changes: [
      {
        address: 'vault_generic_secret.app',
        mode: 'managed',
        type: 'vault_generic_secret',
        name: 'app',
        change: {
          actions: ['update'],
          before: {
            path: 'kv/app',
            data_json: `{"a":"${SECRETS.markedBefore}"}`,
            options: { token: SECRETS.namedBefore, ttl: 60 },
            description: `rotated with ${SECRETS.legacyToken}`,
            ca_key: 'none',
            data_json_wo: null,
          },
          after: {
            path: 'kv/app',
            data_json: `{"a":"${SECRETS.markedAfter}"}`,
            options: { token: SECRETS.namedAfter, ttl: 120 },
            description: `rotated with ${SECRETS.vaultToken}`,
            ca_key: SECRETS.pem,
            data_json_wo: SECRETS.writeOnly,
          },
          after_unknown: {},
          before_sensitive: { data_json: true },
          after_sensitive: { data_json: true },
        },
      },
      {
        // terraform_data.output echoes a sensitive input without the mark (Terraform 1.11).
        address: 'terraform_data.echo',
        mode: 'managed',
        type: 'terraform_data',
        name: 'echo',
        change: {
          actions: ['update'],
          before: { id: 'e1', input: SECRETS.sensitiveVariable, output: SECRETS.sensitiveVariable, triggers_replace: 'a' },
          after: { id: 'e1', input: SECRETS.sensitiveVariable, triggers_replace: 'b' },
          after_unknown: { output: true },
          before_sensitive: { input: true },
          after_sensitive: { input: true },
        },
      },
    ],
    output_changes: {
      db_conn_str: { actions: ['update'], before: SECRETS.outputBefore, after: SECRETS.outputAfter, after_unknown: false, before_sensitive: false, after_sensitive: false },
      api: { actions: ['create'], before: null, after: SECRETS.plannedOutput, after_unknown: false, before_sensitive: false, after_sensitive: true },
      region: { actions: ['update'], before: 'lu-1', after: 'lu-2', after_unknown: false, before_sensitive: false, after_sensitive: false },
    },
    prior_state: {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [{ address: 'vault_generic_secret.old', mode: 'managed', type: 'vault_generic_secret', name: 'old', values: { data_json: SECRETS.priorState }, sensitive_values: { data_json: true } }],
        },
      },
    },
    configuration: {
      provider_config: { vault: { name: 'vault', expressions: { address: { constant_value: 'https://vault.lu:8200' }, token: { constant_value: SECRETS.providerLiteral } } } },
      root_module: {
        variables: { marked: { sensitive: true }, admin_token: {}, db_url: {}, backup_password: { default: SECRETS.variableDefault } },
        module_calls: { tenant: { expressions: { password: { constant_value: SECRETS.moduleLiteral } }, module: {} } },
      },
    },
  };

  /** A rule that quotes a literal it found, and a classifier that quotes a value: neither may leak. */
  const quotingFinding: ReportedFinding = {
    ruleId: 'KEY-09',
    severity: 'error',
    tenant: 'hand',
    field: 'provider.vault.token',
    resource: 'provider.vault',
    attribute: 'token',
    found: `the Vault token is the literal "${SECRETS.providerLiteral}"`,
    allowed: 'a reference to a variable',
    fix: 'pass it as TF_VAR_vault_token',
    source: 'standard: SecNumCloud 3.2, 10.5.d',
    location: { file: 'hand.plan.json' },
  };
  const review = reviewPlan(plan, 'hand.plan.json', {
    tenant: 'hand',
    findings: [quotingFinding],
    classify: (c) => (c.address === 'vault_generic_secret.app' ? [{ label: 'security', reason: `token became ${SECRETS.namedAfter}` }] : []),
  });

  it('makes the test meaningful: every secret is in the plan JSON in clear', () => {
    const raw = JSON.stringify(plan);
    for (const s of Object.values(SECRETS)) expect(raw).toContain(JSON.stringify(s).slice(1, -1));
  });

  it.each(['text', 'text in colour', 'markdown', 'json'].map((name, i) => [name, i] as const))('never shows a secret in the %s rendering', (_name, i) => {
    const out = renderings(review)[i];
    for (const [what, s] of Object.entries(SECRETS)) {
      for (const line of s.split('\n')) if (line.length > 8) expect({ what, hit: out.includes(line) }).toEqual({ what, hit: false });
    }
  });

  it('masks by mark, by name, by shape and by what it learnt elsewhere, and says the secret changed', () => {
    const app = review.tenants[0].changes.find((c) => c.address === 'vault_generic_secret.app')!;
    const at = (path: string) => app.attributes.find((a) => a.path === path);
    expect(at('data_json')).toEqual({ path: 'data_json', before: SENSITIVE, after: SENSITIVE, sensitive: true });
    expect(at('options.token')).toEqual({ path: 'options.token', before: SENSITIVE, after: SENSITIVE, sensitive: true });
    expect(at('options.ttl')).toEqual({ path: 'options.ttl', before: 60, after: 120 });
    expect(at('description')).toEqual({ path: 'description', before: `rotated with ${SENSITIVE}`, after: `rotated with ${SENSITIVE}`, sensitive: true });
    expect(at('ca_key')).toEqual({ path: 'ca_key', before: 'none', after: SENSITIVE, sensitive: true });
    expect(at('data_json_wo')).toEqual({ path: 'data_json_wo', before: null, after: SENSITIVE, sensitive: true });
    const echo = review.tenants[0].changes.find((c) => c.address === 'terraform_data.echo')!;
    expect(echo.attributes.find((a) => a.path === 'output')).toMatchObject({ before: SENSITIVE, after: '(known after apply)', unknown: true, sensitive: true });
    expect(review.tenants[0].outputs).toEqual([
      { name: 'api', action: 'create', after: SENSITIVE, sensitive: true },
      { name: 'db_conn_str', action: 'update', before: SENSITIVE, after: SENSITIVE, sensitive: true },
      { name: 'region', action: 'update', before: 'lu-1', after: 'lu-2' },
    ]);
  });

  it('scrubs a finding and a classifier reason that quote a secret, and keeps the rest of their text', () => {
    expect(review.tenants[0].findings[0].found).toBe(`the Vault token is the literal "${SENSITIVE}"`);
    expect(review.tenants[0].changes.find((c) => c.address === 'vault_generic_secret.app')!.risks).toEqual([{ label: 'security', reason: `token became ${SENSITIVE}` }]);
  });

  it('masks a Vault token used as a map key, in the attribute path it makes', () => {
    const keyed = reviewPlan(
      {
        format_version: '1.2',
        planned_values: { root_module: {} },
        resource_changes: [
          { address: 'terraform_data.k', mode: 'managed', type: 'terraform_data', change: { actions: ['update'], before: { input: { [VAULT_TOKEN]: 1 } }, after: { input: { [VAULT_TOKEN]: 2 } }, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } },
        ],
      },
      'keyed.plan.json',
    );
    expect(keyed.tenants[0].changes[0].attributes).toEqual([{ path: `input.${SENSITIVE}`, before: 1, after: 2 }]);
    for (const out of renderings(keyed)) expect(out).not.toContain(VAULT_TOKEN.slice(4));
  });

  it('masks a short sensitive value where a whole value equals it, but not the same letters inside other words', () => {
    const short = reviewPlan(
      {
        format_version: '1.2',
        planned_values: { root_module: {} },
        resource_changes: [
          { address: 'terraform_data.pin', mode: 'managed', type: 'terraform_data', change: { actions: ['update'], before: { input: 'abc', output: 'abc', label: 'abc-old' }, after: { input: 'abd', output: 'abc', label: 'abcd' }, after_unknown: {}, before_sensitive: { input: true }, after_sensitive: { input: true } } },
        ],
      },
      'short.plan.json',
    );
    expect(short.tenants[0].changes[0].attributes).toEqual([
      { path: 'input', before: SENSITIVE, after: SENSITIVE, sensitive: true },
      { path: 'label', before: 'abc-old', after: 'abcd' },
    ]);
  });
});

describe('reviewPlan masking every kind of secret, under names that say nothing', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  /** Each of these is the secret part of a value below; none may be in a rendering. */
  const SECRET = {
    urlPasswordWithSlash: 'pa/ss-url-1',
    awsAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    awsTemporaryKeyId: 'ASIAY34FZKBOKMUTVV7A',
    awsSecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    githubClassic: 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
    githubOauth: 'gho_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
    githubUser: 'ghu_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
    githubServer: 'ghs_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
    githubRefresh: 'ghr_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
    githubFineGrained: `github_pat_11ABCDEFG0123456789abc_${'x'.repeat(59)}`,
    base64Json: b64('{"user":"app","password":"hunter2-b64"}'),
    base64Token: b64('hvs.CAESIJx2fake0token0for0tests0onlyQ1bGx'),
    noSchemePassword: 's3cretpw-9',
    shortEcho: 'ab1',
  };
  const after = {
    endpoint: `https://u:${SECRET.urlPasswordWithSlash}@host.example/x`,
    key_id: SECRET.awsAccessKeyId,
    session: SECRET.awsTemporaryKeyId,
    notes: `aws_secret_access_key = ${SECRET.awsSecretAccessKey}`,
    header: `Bearer ${SECRET.jwt}`,
    ci: [SECRET.githubClassic, SECRET.githubOauth, SECRET.githubUser, SECRET.githubServer, SECRET.githubRefresh, SECRET.githubFineGrained],
    blob: SECRET.base64Json,
    wrapped: SECRET.base64Token,
    database: `app:${SECRET.noSchemePassword}@db.lu:5432/app`,
    motd: `pin is ${SECRET.shortEcho}`,
    pin: SECRET.shortEcho,
    label: `${SECRET.shortEcho}-old`,
    flag: 'on',
  };
  const before = Object.fromEntries(Object.keys(after).map((k) => [k, `old ${k}`]));
  const review = reviewPlan(
    {
      format_version: '1.2',
      variables: { pin: { value: SECRET.shortEcho }, switch: { value: 'on' } },
      planned_values: { root_module: {} },
      resource_changes: [
        { address: 'terraform_data.kinds', mode: 'managed', type: 'terraform_data', change: { actions: ['update'], before: { input: before }, after: { input: after }, after_unknown: {}, before_sensitive: {}, after_sensitive: { input: { pin: true } } } },
      ],
      configuration: { root_module: { variables: { pin: { sensitive: true }, switch: { sensitive: true } } } },
    },
    'kinds.plan.json',
  );
  const attribute = (path: string) => review.tenants[0].changes[0].attributes.find((a) => a.path === `input.${path}`)!;

  it.each(['text', 'text in colour', 'markdown', 'json'].map((name, i) => [name, i] as const))('never shows a secret of any kind in the %s rendering', (_name, i) => {
    const out = renderings(review)[i];
    for (const [what, s] of Object.entries(SECRET)) {
      const hit = what === 'shortEcho' ? new RegExp(`(?<![\\w-])${s}(?![\\w-])`).test(out) : out.includes(s);
      expect({ what, hit }).toEqual({ what, hit: false });
    }
  });

  it('keeps what a reviewer needs around a secret: the host of a URL or a login, the words around a short echo', () => {
    expect(attribute('endpoint').after).toBe(`https://u:${SENSITIVE}@host.example/x`);
    expect(attribute('database').after).toBe(`app:${SENSITIVE}@db.lu:5432/app`);
    expect(attribute('notes').after).toBe(`aws_secret_access_key = ${SENSITIVE}`);
    expect(attribute('motd').after).toBe(`pin is ${SENSITIVE}`);
  });

  it('masks a short sensitive value only as a whole value or a whole token, and never a one- or two-character one', () => {
    expect(attribute('pin').after).toBe(SENSITIVE);
    expect(attribute('label').after).toBe(`${SECRET.shortEcho}-old`);
    // "on" is a sensitive variable's value too: too short to hide wherever it appears.
    expect(attribute('flag').after).toBe('on');
  });
});
