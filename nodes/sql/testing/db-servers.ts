import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '@millwright/sdk';

/** A database server started for a test: where it listens, a user with a password, and stop(). */
export interface TestDbServer {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Everything the server wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** PostgreSQL can also be stopped and started again on the same port and data (a server restart). */
export interface RestartableDbServer extends TestDbServer {
  restart(downMs: number): Promise<void>;
}

const PASSWORD = 'mw-secret';
// PostgreSQL refuses to run as root: as root (CI containers), it runs as `nobody`.
const asRoot = process.getuid?.() === 0;

function run(cmd: string, args: string[], what: string): void {
  const full = asRoot && what === 'postgres' ? ['runuser', ['-u', 'nobody', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout || r.error?.message}`);
}

function started(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
  return () => out;
}

/** Stops a server's process group; PostgreSQL takes SIGINT (fast shutdown: it does not wait for clients). */
async function stopChild(
  child: ChildProcess,
  dir: string | undefined,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // gone
    }
  }
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** The newest Debian PostgreSQL's bin folder (`/usr/lib/postgresql/<version>/bin`). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  return join(root, versions[0], 'bin');
}

/**
 * Starts PostgreSQL from Debian's packages on a free loopback port with a data folder in temp
 * (fsync off: test data), a user `millwright` with a password (scram-sha-256) and its database.
 */
export async function startPostgres(): Promise<RestartableDbServer> {
  const bin = postgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'mw-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  await writeFile(pwfile, PASSWORD);
  if (asRoot) {
    await chown(dir, 65534, 65534);
    await chown(pwfile, 65534, 65534);
  }
  const user = 'millwright';
  run(
    join(bin, 'initdb'),
    ['-D', data, '-U', user, '-A', 'scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync'],
    'postgres',
  );
  const port = await freePort();
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    '-h',
    '127.0.0.1',
    '-k',
    dir,
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ];
  let out = '';
  let live = () => '';
  const output = () => out + live();
  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(
      asRoot ? 'runuser' : join(bin, 'postgres'),
      asRoot ? ['-u', 'nobody', '--', join(bin, 'postgres'), ...args] : args,
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const more = started(child);
    live = more;
    child.once('exit', () => {
      out += more();
      live = () => '';
    });
    await waitForPort(port, 20_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${more()}`);
    });
    // The port opens before the server accepts logins; `postgres` is the database initdb made.
    for (let i = 0; ; i++) {
      const r = spawnSync(join(bin, 'pg_isready'), [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-d',
        'postgres',
        '-U',
        user,
      ]);
      if (r.status === 0) break;
      if (i > 100) throw new Error(`PostgreSQL did not get ready\n${more()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return child;
  };
  let child = await launch();
  return {
    host: '127.0.0.1',
    port,
    database: 'postgres',
    user,
    password: PASSWORD,
    output,
    stop: () => stopChild(child, dir, 'SIGINT'),
    async restart(downMs: number) {
      await stopChild(child, undefined, 'SIGINT');
      await new Promise((r) => setTimeout(r, downMs));
      child = await launch();
    },
  };
}

/**
 * Starts MariaDB (`mariadbd` from Debian's mariadb-server) on a free loopback port with a data
 * folder in temp, and a user `millwright` with a password and a database `millwright`.
 */
export async function startMariaDb(): Promise<TestDbServer> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-maria-'));
  await chmod(dir, 0o755);
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const me = userInfo().username;
  run(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--user=${me}`,
      '--auth-root-authentication-method=socket',
      '--skip-test-db',
    ],
    'mariadb',
  );
  const port = await freePort();
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${socket}`,
      `--pid-file=${join(dir, 'mariadb.pid')}`,
      `--user=${me}`,
      '--skip-name-resolve',
      '--innodb-flush-log-at-trx-commit=0',
      '--skip-log-bin',
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = started(child);
  await waitForPort(port, 20_000).catch((err: Error) => {
    throw new Error(`${err.message}\n${output()}`);
  });
  const user = 'millwright';
  const sql = `CREATE DATABASE millwright; CREATE USER '${user}'@'%' IDENTIFIED BY '${PASSWORD}'; GRANT ALL ON millwright.* TO '${user}'@'%';`;
  run('mariadb', ['--no-defaults', `--socket=${socket}`, '-u', me, '-e', sql], 'mariadb');
  return {
    host: '127.0.0.1',
    port,
    database: 'millwright',
    user,
    password: PASSWORD,
    output,
    stop: () => stopChild(child, dir),
  };
}
