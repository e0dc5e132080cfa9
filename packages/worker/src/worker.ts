import type { EntityManager } from '@mikro-orm/postgresql';
import { openOrm } from '@credence/api/db';
import { logger } from '@credence/api/logger';
import { Client } from 'pg';
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

/** Serialises Agenda's start (and its schema creation) across workers. */
const AGENDA_START_LOCK = 7263002;

/** One worker process: the job definitions, their schedules, and Agenda processing them. */
export async function startWorker(options: {
  databaseUrl: string;
  concurrency: number;
  timeZone: string;
  name?: string;
}) {
  const orm = await openOrm(options.databaseUrl, { poolSize: options.concurrency + 2 });
  // The queue's backend creates its tables and functions as it connects; workers starting at
  // once on a new database would race on that DDL ("tuple concurrently updated"), so workers
  // start one at a time, under an advisory lock held on a connection of their own.
  const starter = new Client({ connectionString: options.databaseUrl });
  await starter.connect();
  await starter.query('select pg_advisory_lock($1)', [AGENDA_START_LOCK]);
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
  try {
    await agenda.start();
  } finally {
    await starter.end();
  }
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
