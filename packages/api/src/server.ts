/**
 * The API process: migrations (under an advisory lock, so several processes may start at
 * once), the first platform admin, then HTTP until SIGINT/SIGTERM or the launcher goes away.
 */
import path from 'node:path';
import type { Server } from 'node:http';
import { closeApp, createApp } from './app.ts';
import { migrate, openOrm } from './db/orm.ts';
import { ensureFirstAdmin } from './modules/users/bootstrap.ts';
import { env } from './env.ts';
import { logger } from './logger.ts';
import { handleShutdown } from './shutdown.ts';

export async function startServer(): Promise<{ server: Server; stop: () => Promise<void> }> {
  const config = env();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  const orm = await openOrm(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
  await migrate(orm);
  await ensureFirstAdmin(orm.em.fork(), config);
  const webDist = config.WEB_DIST ?? path.resolve(import.meta.dirname, '../../web/dist');
  const app = createApp({ orm, webDist, trustProxy: config.TRUST_PROXY });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
  });
  logger.info({ port: config.PORT }, 'api listening');
  const stop = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await closeApp(app);
    await orm.close();
  };
  return { server, stop };
}

if (import.meta.main) {
  const { stop } = await startServer();
  handleShutdown('api', stop, { graceMs: 10_000 });
  process.send?.({ type: 'ready', service: 'api' });
}
