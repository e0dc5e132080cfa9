import { EventEmitter } from 'node:events';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type Job } from 'agenda';
import { Pool } from 'pg';
import { logger } from '@credence/api/logger';

/**
 * Agenda on the product's PostgreSQL: the queue lives in the agenda_jobs table. The pool is
 * ours so that a dropped connection (the database restarting, or stopping first on Ctrl-C) is
 * logged instead of crashing the process; the caller ends it after `agenda.stop()`.
 */
export function createAgenda(databaseUrl: string, options: { name: string; concurrency: number }) {
  const pool = new Pool({ connectionString: databaseUrl, max: options.concurrency + 2 });
  pool.on('error', (error) => logger.warn({ reason: error.message }, 'job queue connection lost'));
  const backend = new PostgresBackend({ pool });
  // Its LISTEN connection re-emits errors on the channel, which reconnects by itself.
  const channel: unknown = backend.notificationChannel;
  if (channel instanceof EventEmitter) {
    channel.on('error', (error: Error) =>
      logger.warn({ reason: error.message }, 'job notifications connection lost'),
    );
  }
  const agenda = new Agenda({
    name: options.name,
    backend,
    processEvery: '5 seconds',
    maxConcurrency: options.concurrency,
    defaultConcurrency: options.concurrency,
    // A crashed worker's lock expires after this; long jobs call job.touch().
    defaultLockLifetime: 2 * 60 * 1000,
  });
  return { agenda, pool };
}
export type { Agenda };

type JobOptions = Parameters<Agenda['define']>[2];
type AsyncDefine = (
  name: string,
  processor: (job: Job) => Promise<void>,
  options?: JobOptions,
) => void;

/**
 * Defines a job with an async handler. Agenda's first `define` overload takes a callback
 * style handler, which would let a rejected promise go unnoticed; this picks the async one.
 */
export function defineJob(
  agenda: Agenda,
  name: string,
  /** Validates `job.attrs.data` with the job's zod schema before use. */
  handler: (job: Job) => Promise<void>,
  options?: JobOptions,
): void {
  (agenda.define.bind(agenda) as AsyncDefine)(name, handler, options);
}
