import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type Job } from 'agenda';

/** Agenda on the product's PostgreSQL: the queue lives in the agenda_jobs table. */
export function createAgenda(databaseUrl: string, options: { name: string; concurrency: number }) {
  return new Agenda({
    name: options.name,
    backend: new PostgresBackend({ connectionString: databaseUrl }),
    processEvery: '5 seconds',
    maxConcurrency: options.concurrency,
    defaultConcurrency: options.concurrency,
    // A crashed worker's lock expires after this; long jobs call job.touch().
    defaultLockLifetime: 2 * 60 * 1000,
  });
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
