/**
 * The one-command start: an embedded PostgreSQL under .data/ (unless DATABASE_URL points
 * elsewhere), migrations, demo data on an empty database, then the API and a worker as child
 * processes. Ctrl-C or SIGTERM stops the apps first and the database last; if any part dies,
 * everything stops, and the children also exit on their own if this process disappears.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import {
  defaultDataDir,
  migrate,
  openOrm,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from '@credence/api/db';
import { logger } from '@credence/api/logger';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from '@credence/api/seed';
import { handleShutdown } from '@credence/api/shutdown';
import { launcherEnv } from './env.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const config = launcherEnv();
const log = logger.child({ component: 'launcher' });

let pg: EmbeddedPostgresHandle | undefined;
const children = new Map<string, ChildProcess>();
let stopping = false;

async function databaseUrl(): Promise<string> {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  pg = await startEmbeddedPostgres({ dataDir: config.CREDENCE_DATA_DIR ?? defaultDataDir(ROOT) });
  try {
    await pg.createDatabase('credence');
  } catch (error) {
    if (!String(error).includes('already exists')) throw error;
  }
  return pg.url('credence');
}

function spawnService(name: string, script: string, env: NodeJS.ProcessEnv): Promise<void> {
  const child = fork(script, [], { env, stdio: 'inherit', execArgv: process.execArgv });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    log.error({ service: name, code, signal }, 'a service stopped; stopping everything');
    shutdown(`${name} stopped`, 1);
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m: { type?: string }) => m?.type === 'ready' && resolve());
    child.once('exit', () => reject(new Error(`${name} exited during start`)));
  });
}

/** The apps first (SIGTERM, then SIGKILL after 12 s), the database last. */
async function stopAll(): Promise<void> {
  stopping = true;
  await Promise.all(
    [...children.values()].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 12_000);
      await exited;
      clearTimeout(timer);
    }),
  );
  await pg?.stop();
  log.info('stopped');
}

const shutdown = handleShutdown('launcher', stopAll, { graceMs: 30_000 });

try {
  const url = await databaseUrl();
  const orm = await openOrm(url, { poolSize: 2 });
  const applied = await migrate(orm);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  const demo = config.CREDENCE_DEMO ?? pg !== undefined;
  const seeded = demo ? await seedDemoData(orm.em.fork()) : false;
  await orm.close();

  const env = { ...process.env, DATABASE_URL: url, PORT: String(config.PORT) };
  await Promise.all([
    spawnService('api', path.join(ROOT, 'packages/api/src/server.ts'), env),
    spawnService('worker', path.join(ROOT, 'packages/worker/src/main.ts'), env),
  ]);
  const lines = [
    '',
    `  Credence is running at http://localhost:${config.PORT}`,
    `  Database: ${pg ? 'embedded PostgreSQL (data in .data/)' : 'DATABASE_URL'}${seeded ? ', demo data loaded' : ''}`,
    ...(demo
      ? [
          '',
          `  Demo sign-in accounts (password: ${DEMO_PASSWORD}):`,
          ...DEMO_ACCOUNTS.map(
            (a) =>
              `    ${a.email.padEnd(34)} ${a.role}${a.organization ? ` at ${a.organization}` : ''}`,
          ),
        ]
      : []),
    '',
    '  Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} catch (error) {
  log.fatal({ err: error }, 'start failed');
  shutdown('start failed', 1);
}
