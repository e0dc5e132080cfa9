import type { EntityManager } from '@mikro-orm/postgresql';
import { openOrm } from '@credence/api/db';
import { logger } from '@credence/api/logger';
import { createAgenda } from './queue.ts';
import {
  definePurgeSessions,
  PURGE_SESSIONS,
  PURGE_SESSIONS_SCHEDULE,
} from './jobs/purge-sessions/index.ts';
import {
  BENCHMARKS_NIGHTLY,
  BENCHMARKS_NIGHTLY_SCHEDULE,
  defineBenchmarksNightly,
} from './jobs/benchmarks-nightly/index.ts';

/** One worker process: the job definitions, their schedules, and Agenda processing them. */
export async function startWorker(options: {
  databaseUrl: string;
  concurrency: number;
  timeZone: string;
  name?: string;
}) {
  const orm = await openOrm(options.databaseUrl, { poolSize: options.concurrency + 2 });
  const { agenda, pool } = createAgenda(options.databaseUrl, {
    name: options.name ?? `worker-${process.pid}`,
    concurrency: options.concurrency,
  });
  const fork = () => orm.em.fork() as EntityManager;
  definePurgeSessions(agenda, fork);
  defineBenchmarksNightly(agenda, fork, options.timeZone);

  agenda.on('fail', (error: Error, job?: { attrs?: { name?: string } }) => {
    // Events of other workers arrive too, without job attributes.
    logger.error({ err: error, job: job?.attrs?.name }, 'job failed');
  });
  await agenda.start();
  await agenda.every(PURGE_SESSIONS_SCHEDULE, PURGE_SESSIONS, {}, { timezone: options.timeZone });
  await agenda.every(
    BENCHMARKS_NIGHTLY_SCHEDULE,
    BENCHMARKS_NIGHTLY,
    {},
    {
      timezone: options.timeZone,
    },
  );
  logger.info({ concurrency: options.concurrency }, 'worker ready');

  return {
    agenda,
    async stop() {
      await agenda.stop();
      await pool.end();
      await orm.close();
    },
  };
}
