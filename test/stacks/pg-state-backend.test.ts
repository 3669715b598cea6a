import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataResource, Testing, TerraformStack } from 'cdktf';
import type { Site } from '../../policy/model';
import { stackContext, STACK_RULES } from '../../policy/stack-rules';
import { fromSynthJson } from '../../policy/terraform';
import { addStateBackend, pgSchemaName } from '../../stacks/state-backend';
import { hasTerraform, offlineTerraformEnv, terraformTest } from '../terraform-binary';
import { findPostgres, ThrowawayPostgres } from '../throwaway-postgres';
import { healthClass, luSite } from '../policy/fixtures';

/**
 * The pg backend as the toolkit writes it, proven against a real PostgreSQL server and the real terraform
 * binary: init configures it, apply writes the tenant's state as a row of its own schema, and a second apply
 * while the first holds the state lock is refused. Only built-in `terraform_data` resources and the built-in
 * `local-exec` provisioner: nothing to download. `GOVCLOUD_SHOW_TERRAFORM=1` prints what terraform and psql said.
 */
const TENANT = 'pg-proof';
const pg = findPostgres();
const unproven = 'the pg state backend (init, state row, state lock) is not proven against a real server';
if (!pg) console.warn(`SKIPPED: no PostgreSQL server tools (initdb, pg_ctl, postgres) on PATH or under /usr/lib/postgresql/*/bin; ${unproven}.`);
const realTest = pg ? terraformTest(unproven) : it.skip;
const show = (label: string, text: string) => {
  if (process.env.GOVCLOUD_SHOW_TERRAFORM === '1') console.log(`--- ${label}\n${text}`);
};

/**
 * The test site: the state backend is the throwaway server on loopback, the only place TLS may be off (STA-03).
 * Loopback is listed among the site's domains so that the server counts as a host of the site (RES-16).
 */
const siteOn = (port: number): Site =>
  luSite({ domains: [...luSite().domains, '127.0.0.1'], stateBackend: { type: 'pg', host: '127.0.0.1', port, database: 'terraform', sslmode: 'disable', schemaPrefix: 'govcloud_' }, remoteStateRequired: true });

/**
 * The tenant stack reduced to what needs no provider: the backend from {@link addStateBackend}, as in every
 * TenantStack, and a `terraform_data`. With `lockHolder`, a second one whose creation touches `holding` and
 * waits (two minutes at most) for `release`, keeping the apply, and so the state lock, open meanwhile.
 */
function synthProofStack(site: Site, lockHolder?: { holding: string; release: string }): string {
  const stack = new TerraformStack(Testing.app(), TENANT);
  addStateBackend(stack, { tenant: TENANT, site, classification: healthClass() });
  new DataResource(stack, 'state_proof', { input: { tenant: TENANT, site: site.id } });
  if (lockHolder) {
    new DataResource(stack, 'lock_holder', {
      input: { purpose: 'holds the state lock until the test releases it' },
      provisioners: [
        { type: 'local-exec', command: `touch '${lockHolder.holding}'; i=0; while [ ! -f '${lockHolder.release}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done` },
      ],
    });
  }
  return Testing.synth(stack);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pg state backend on a real PostgreSQL server', () => {
  let server: ThrowawayPostgres | undefined;
  let work = '';
  let env: NodeJS.ProcessEnv = {};
  let holder: ChildProcess | undefined;
  const schema = pgSchemaName({ schemaPrefix: 'govcloud_' }, TENANT);

  const terraform = (...args: string[]) => {
    const r = spawnSync('terraform', [...args, '-no-color'], { cwd: work, env, encoding: 'utf8', timeout: 150_000 });
    return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
  };
  const stateRows = () => server!.psql('terraform', `SELECT id, name, (data::json->>'serial')::int AS serial, json_array_length(data::json->'resources') AS resources, length(data) AS bytes FROM ${schema}.states ORDER BY id`);

  beforeAll(async () => {
    if (!pg || !hasTerraform) return;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-state-backend-'));
    fs.writeFileSync(path.join(work, 'cli.tfrc'), '# no provider installation settings, no credentials\n');
    server = new ThrowawayPostgres(pg);
    await server.start('terraform');
    // Credentials reach terraform through the libpq environment only; host, port and database come from conn_str.
    env = offlineTerraformEnv(work, { PGUSER: server.user, PGPASSWORD: server.password });
    for (const k of ['PGHOST', 'PGPORT', 'PGDATABASE', 'PG_CONN_STR', 'PG_SCHEMA_NAME']) delete env[k];
  }, 180_000);

  afterAll(() => {
    if (holder && holder.exitCode === null) holder.kill('SIGKILL');
    server?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  realTest(
    'initializes the pg backend from the site, applies, and keeps the state as a row of the tenant schema',
    () => {
      const site = siteOn(server!.port);
      const text = synthProofStack(site);
      expect(JSON.parse(text).terraform.backend).toEqual({ pg: { conn_str: `postgres://127.0.0.1:${server!.port}/terraform?sslmode=disable`, schema_name: 'govcloud_pg_proof' } });
      expect(text).not.toContain(server!.password);
      expect(STACK_RULES.filter((r) => r.id.startsWith('STA-')).flatMap((r) => r.check(stackContext(fromSynthJson(JSON.parse(text), 'cdk.tf.json', TENANT), site, healthClass(), [site])))).toEqual([]);
      fs.writeFileSync(path.join(work, 'cdk.tf.json'), text);

      const init = terraform('init', '-input=false');
      show('terraform init', init.out);
      expect(init.out).toContain('Successfully configured the backend "pg"! Terraform will automatically\nuse this backend unless the backend configuration changes.');
      expect(init.out).toContain('Terraform has been successfully initialized!');
      expect(init.status).toBe(0);

      const apply = terraform('apply', '-auto-approve', '-input=false');
      show('terraform apply', apply.out);
      expect(apply.out).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
      expect(apply.status).toBe(0);

      const rows = stateRows();
      show(`psql: ${schema}.states`, rows);
      expect(rows).toMatch(/^\s*1 \| default \|\s+1 \|\s+1 \|/m);
      const data = JSON.parse(server!.psql('terraform', `SELECT data FROM ${schema}.states WHERE name = 'default'`, true));
      expect(data.resources).toEqual([expect.objectContaining({ type: 'terraform_data', name: 'state_proof' })]);
      expect(data.resources[0].instances[0].attributes.input.value).toEqual({ tenant: TENANT, site: site.id });
      expect(fs.existsSync(path.join(work, 'terraform.tfstate'))).toBe(false);
    },
    180_000,
  );

  realTest(
    'refuses a second apply while the first holds the state lock, and lets the first finish',
    async () => {
      const holding = path.join(work, 'holding');
      const release = path.join(work, 'release');
      fs.writeFileSync(path.join(work, 'cdk.tf.json'), synthProofStack(siteOn(server!.port), { holding, release }));
      const log = path.join(work, 'first-apply.log');
      const fd = fs.openSync(log, 'w');
      holder = spawn('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], { cwd: work, env, stdio: ['ignore', fd, fd] });
      fs.closeSync(fd);
      const firstExit = new Promise<number | null>((resolve) => holder!.once('exit', (code) => resolve(code)));
      try {
        for (let waited = 0; !fs.existsSync(holding); waited += 100) {
          if (holder.exitCode !== null || waited > 120_000) throw new Error(`the first apply never reached its lock holder:\n${fs.readFileSync(log, 'utf8')}`);
          await sleep(100);
        }
        const locks = server!.psql('terraform', "SELECT locktype, granted FROM pg_locks WHERE locktype = 'advisory'");
        show('psql: advisory locks while the first apply runs', locks);
        expect(locks).toMatch(/advisory \| t/);

        const second = terraform('apply', '-auto-approve', '-input=false', '-lock-timeout=0s');
        show('second, concurrent terraform apply', second.out);
        expect(second.status).toBe(1);
        expect(second.out).toContain('Error: Error acquiring the state lock');
        expect(second.out).toContain('Error message: Workspace is already locked: default');
        expect(second.out).toContain('Operation: OperationTypeApply');
      } finally {
        fs.writeFileSync(release, '');
      }
      expect(await firstExit).toBe(0);
      const first = fs.readFileSync(log, 'utf8');
      show('first terraform apply', first);
      expect(first).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');

      const rows = stateRows();
      show(`psql: ${schema}.states after both`, rows);
      expect(rows).toMatch(/^\s*1 \| default \|\s+2 \|\s+2 \|/m);
    },
    240_000,
  );
});
