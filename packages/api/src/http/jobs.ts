import { PostgresBackend } from '@agendajs/postgres-backend';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Agenda } from 'agenda';
import { createExpressMiddleware } from 'agendash';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { Pool } from 'pg';
import { createContext } from '../context.ts';
import { logger } from '../logger.ts';
import { audit } from '../modules/audit/service.ts';

/**
 * The jobs view for platform admins: Agendash (Agenda's own dashboard, its assets served from
 * the package) on the same `agenda_jobs` table the workers use. It lists queued, running,
 * scheduled, completed and failed jobs with their failure reason and next run, and requeues a
 * failed one. This process never processes jobs: its Agenda instance is only a view of the
 * queue, opened on the first request (a small pool of its own) and closed with the app.
 */
export function jobsDashboard(orm: MikroORM): { router: Router; close(): Promise<void> } {
  let opened: {
    pool: Pool;
    agenda: Agenda;
    middleware: ReturnType<typeof createExpressMiddleware>;
  } | null = null;
  const open = () => {
    if (opened) return opened;
    const pool = new Pool({ connectionString: orm.config.get('clientUrl'), max: 2 });
    pool.on('error', (error) =>
      logger.warn({ reason: error.message }, 'jobs view connection lost'),
    );
    const agenda = new Agenda({
      name: `api-jobs-view-${process.pid}`,
      backend: new PostgresBackend({ pool }),
    });
    opened = { pool, agenda, middleware: createExpressMiddleware(agenda) };
    return opened;
  };

  const router = Router();
  /** True when the caller is a platform admin; otherwise answers 401/403 (and audits). */
  const admitted = async (req: Request, res: Response): Promise<boolean> => {
    const ctx = await createContext(orm.em.fork(), req, res);
    if (!ctx.user) {
      res.status(401).type('text/plain; charset=utf-8').send('Sign in first');
      return false;
    }
    if (ctx.user.role !== 'PLATFORM_ADMIN') {
      await audit(ctx.em, ctx.user.id, 'access.denied', { targetType: 'jobs', targetId: req.path });
      res.status(403).type('text/plain; charset=utf-8').send('You are not allowed to do this');
      return false;
    }
    return true;
  };
  router.use((req: Request, res: Response, next: NextFunction) => {
    admitted(req, res).then((ok) => {
      if (ok) open().middleware(req, res, next);
    }, next);
  });
  return {
    router,
    async close() {
      if (!opened) return;
      const { agenda, pool } = opened;
      opened = null;
      await agenda.stop().catch(() => undefined);
      await pool.end();
    },
  };
}
