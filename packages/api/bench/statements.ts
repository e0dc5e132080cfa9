import { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { ormConfig } from '../src/db/orm.ts';

export interface CountingOrm {
  orm: MikroORM;
  /**
   * Runs `fn` and reports how many SQL statements reached PostgreSQL meanwhile (typed
   * queries, finds, flushes, transaction control). Counts everything on this ORM, so run nothing else
   * on it at the same time.
   */
  count<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number; sql: string[] }>;
}

/**
 * An ORM like the app's that counts the statements its connections send to PostgreSQL: every
 * `query` call on a pooled `pg` client, whoever builds the SQL (the ORM's finds and flushes,
 * typed queries through Kysely, transaction control). Counted where the database receives
 * them, so no way of writing SQL escapes the count.
 */
export async function openCountingOrm(
  databaseUrl: string,
  options: { poolSize?: number } = {},
): Promise<CountingOrm> {
  const seen: string[] = [];
  const orm = await MikroORM.init({
    ...ormConfig(databaseUrl, options),
    driverOptions: {
      onPoolCreated(pool: Pool) {
        pool.on('connect', (client) => {
          const query = client.query.bind(client) as (...args: unknown[]) => unknown;
          client.query = ((...args: unknown[]) => {
            const [text] = args;
            seen.push(typeof text === 'string' ? text : String((text as { text?: string }).text));
            return query(...args);
          }) as typeof client.query;
        });
      },
    },
  });
  // The first use checks the database once (`select 1 from pg_database …`); not a call's cost.
  await orm.em.fork().execute('select 1');
  seen.length = 0;
  return {
    orm,
    async count(fn) {
      const before = seen.length;
      const result = await fn();
      const sql = seen.splice(before);
      return { result, statements: sql.length, sql };
    },
  };
}
