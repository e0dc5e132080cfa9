import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';

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
