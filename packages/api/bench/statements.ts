import type { LogContext, Logger } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../src/db/orm.ts';

export interface CountingOrm {
  orm: MikroORM;
  /**
   * Runs `fn` and reports how many SQL statements the ORM sent meanwhile (raw `execute`,
   * finds, flushes, transaction control). Counts everything on this ORM, so run nothing else
   * on it at the same time.
   */
  count<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number; sql: string[] }>;
}

/**
 * An ORM like the app's whose logger counts the statements it runs. MikroORM reports every
 * statement to its logger's `logQuery`, whatever the debug setting, so this sees what the
 * database sees without a proxy or `pg_stat_statements`.
 */
export async function openCountingOrm(
  databaseUrl: string,
  options: { poolSize?: number } = {},
): Promise<CountingOrm> {
  const seen: string[] = [];
  const logger: Logger = {
    log: () => undefined,
    error: () => undefined,
    warn: () => undefined,
    logQuery(context: LogContext) {
      if ((context.namespace ?? 'query') === 'query') seen.push(context.query ?? '');
    },
    setDebugMode: () => undefined,
    isEnabled: () => false,
  };
  const orm = await MikroORM.init({
    ...ormConfig(databaseUrl, options),
    loggerFactory: () => logger,
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
