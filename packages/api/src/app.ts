import { existsSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { sql } from 'kysely';
import { pinoHttp } from 'pino-http';
import { createContext } from './context.ts';
import { db } from './db/sql.ts';
import type { TrustProxy } from './env.ts';
import { logger } from './logger.ts';
import { exportsRouter } from './http/exports.ts';
import { jobsDashboard } from './http/jobs.ts';
import { appRouter } from './root.ts';

export interface AppOptions {
  orm: MikroORM;
  /** Folder of the built web app; omitted in API-only tests. */
  webDist?: string | undefined;
  /** Proxies allowed to name the client in X-Forwarded-For (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
}

/** Database status for /healthz: a trivial query with a short timeout. */
async function databaseUp(em: EntityManager): Promise<boolean> {
  try {
    await Promise.race([
      sql`select 1`.execute(db(em)),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Releases what the app opened besides the ORM (the jobs view's connections). */
export async function closeApp(app: Express): Promise<void> {
  const close = app.locals.closeJobsView as (() => Promise<void>) | undefined;
  await close?.();
}

export function createApp({ orm, webDist, trustProxy = false }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger: logger.child({ component: 'http' }),
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );

  app.get('/healthz', async (_req, res) => {
    const up = await databaseUp(orm.em.fork());
    res
      .status(up ? 200 : 503)
      .json({ status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down' });
  });

  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      // Bounded requests: the largest legitimate body is a 500-question quiz.
      maxBodySize: 4 * 1024 * 1024,
      maxBatchSize: 10,
      createContext: ({ req, res }) => createContext(orm.em as EntityManager, req, res),
      onError: ({ error, path: procedure }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          logger.error({ err: error.cause ?? error, procedure }, 'procedure failed');
        }
      },
    }),
  );
  app.use('/exports', exportsRouter(orm));
  const jobs = jobsDashboard(orm);
  app.use('/admin/jobs', jobs.router);
  app.locals.closeJobsView = () => jobs.close();

  if (webDist && existsSync(path.join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the app's page.
    app.get('/{*path}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(webDist, 'index.html'));
    });
  }
  return app;
}
