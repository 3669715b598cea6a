import { spawnSync, type SpawnSyncReturns } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { shellQuoted } from './shell-quote';

/** The folder of a PostgreSQL server installation: `initdb`, `pg_ctl` and `postgres` side by side, and `psql`. */
export interface PostgresBinaries {
  readonly bin: string;
  readonly psql: string;
  /** `initdb --version`, e.g. `initdb (PostgreSQL) 15.14`. */
  readonly version: string;
}

const SERVER_TOOLS = ['initdb', 'pg_ctl', 'postgres'];
const isFile = (p: string) => fs.existsSync(p) && fs.statSync(p).isFile();

/** Every `/usr/lib/postgresql/<major>/bin`, newest first (Debian and Ubuntu keep the server tools there, off PATH). */
function debianBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'));
}

/**
 * The PostgreSQL server tools, found on PATH (through symlinks, to keep a matching set) or under
 * /usr/lib/postgresql/<major>/bin; undefined when this machine has none.
 */
export function findPostgres(): PostgresBinaries | undefined {
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((d) => path.join(d, 'initdb'))
    .filter(isFile)
    .map((p) => path.dirname(fs.realpathSync(p)));
  const bin = [...onPath, ...debianBinDirs()].find((d) => SERVER_TOOLS.every((t) => isFile(path.join(d, t))));
  if (!bin) return undefined;
  const psql = [path.join(bin, 'psql'), ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'psql'))].find(isFile);
  if (!psql) return undefined;
  const version = spawnSync(path.join(bin, 'initdb'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { bin, psql, version };
}

/** A free TCP port on loopback (asked of the kernel; the server takes it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The user the server runs as: this one, or, for root (whom initdb refuses), `postgres` or else `nobody`. */
function serverUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const has = (u: string) => spawnSync('id', ['-u', u]).status === 0;
  return ['postgres', 'nobody'].find(has);
}

/**
 * A PostgreSQL server for one test file: its own folder, listening on 127.0.0.1 on a free port and a Unix
 * socket in that folder, one superuser `tfadmin` whose password is needed over TCP (trust on the socket
 * only), fsync off. {@link stop} stops it and removes the folder, whatever state it is in.
 */
export class ThrowawayPostgres {
  /** The superuser over TCP: `PGUSER`. */
  readonly user = 'tfadmin';
  /** Its password, random per server: `PGPASSWORD`. */
  readonly password = randomBytes(18).toString('base64url');
  /** The server's own folder: data directory, Unix socket, log. */
  readonly dir: string;
  /** The TCP port on 127.0.0.1, known once {@link start} has returned. */
  port = 0;
  private readonly data: string;
  private readonly runAs?: string;

  constructor(private readonly pg: PostgresBinaries) {
    this.runAs = serverUser();
    // Root runs the server as another user, who must reach the folder: the system temp folder is open to all,
    // the per-run test folder (os.tmpdir() in a test) is not.
    const base = this.runAs && process.env.GOVCLOUD_TEST_TMPDIR ? path.dirname(process.env.GOVCLOUD_TEST_TMPDIR) : os.tmpdir();
    this.dir = fs.mkdtempSync(path.join(base, 'govcloud-pg-'));
    this.data = path.join(this.dir, 'data');
  }

  /** The libpq environment of a client: host, port, user and password, nothing else from this machine's. */
  clientEnv(): NodeJS.ProcessEnv {
    return { PGHOST: '127.0.0.1', PGPORT: String(this.port), PGUSER: this.user, PGPASSWORD: this.password, PGSSLMODE: 'disable', PGCONNECT_TIMEOUT: '10' };
  }

  /** initdb, then start on a free port (retried on another port if one is taken in between), and create `database`. */
  async start(database: string): Promise<void> {
    fs.chmodSync(this.dir, 0o755);
    fs.mkdirSync(this.data, { mode: 0o700 });
    const pwfile = path.join(this.dir, 'pwfile');
    fs.writeFileSync(pwfile, `${this.password}\n`, { mode: 0o600 });
    if (this.runAs) spawnSync('chown', ['-R', this.runAs, this.dir]);
    this.asServer('initdb', ['-D', this.data, '-U', this.user, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    fs.rmSync(pwfile);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      this.port = await freePort();
      const options = `-c listen_addresses=127.0.0.1 -p ${this.port} -k ${this.dir} -c fsync=off -c max_connections=20 -c shared_buffers=16MB`;
      try {
        this.asServer('pg_ctl', ['-D', this.data, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '90', '-o', options, 'start']);
        this.psql('postgres', `CREATE DATABASE ${database}`);
        return;
      } catch (e) {
        lastError = e;
        this.stopServer();
      }
    }
    throw lastError;
  }

  /**
   * Runs `sql` in `database` over TCP with the password: psql's table as a person reads it, or with `raw` the bare
   * values (unaligned, no header); an error carries psql's message.
   */
  psql(database: string, sql: string, raw = false): string {
    const r = spawnSync(this.pg.psql, ['-X', '-v', 'ON_ERROR_STOP=1', ...(raw ? ['-A', '-t'] : []), '-d', database, '-c', sql], { encoding: 'utf8', env: { ...process.env, ...this.clientEnv() }, timeout: 60_000 });
    if (r.status !== 0) throw new Error(`psql ${JSON.stringify(sql)} failed (${r.status}): ${r.stderr}${r.error ?? ''}`);
    return r.stdout;
  }

  /** Stops the server (immediate mode: a throwaway needs no clean shutdown) and removes its folder. Never throws. */
  stop(): void {
    this.stopServer();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private stopServer(): void {
    if (fs.existsSync(path.join(this.data, 'postmaster.pid'))) {
      spawnSync(...this.command('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', '-t', '60', 'stop']), { encoding: 'utf8', timeout: 90_000 });
    }
  }

  /** `[file, args]` running a server tool as the server user: `runuser`, or `su` where util-linux lacks it. */
  private command(tool: string, args: string[]): [string, string[]] {
    const file = path.join(this.pg.bin, tool);
    if (!this.runAs) return [file, args];
    if (spawnSync('runuser', ['--version']).status === 0) return ['runuser', ['-u', this.runAs, '--', file, ...args]];
    return ['su', ['-s', '/bin/sh', this.runAs, '-c', [file, ...args].map(shellQuoted).join(' ')]];
  }

  private asServer(tool: string, args: string[]): SpawnSyncReturns<string> {
    const r = spawnSync(...this.command(tool, args), { encoding: 'utf8', timeout: 120_000, cwd: this.dir });
    if (r.status !== 0) {
      const log = path.join(this.dir, 'server.log');
      throw new Error(`${tool} failed (${r.status ?? r.signal}): ${r.stdout}${r.stderr}${r.error ?? ''}${fs.existsSync(log) ? `\nserver.log:\n${fs.readFileSync(log, 'utf8')}` : ''}`);
    }
    return r;
  }
}
