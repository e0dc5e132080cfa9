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
  count<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }>;
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
  let statements = 0;
  const logger: Logger = {
    log: () => undefined,
    error: () => undefined,
    warn: () => undefined,
    logQuery(context: LogContext) {
      if ((context.namespace ?? 'query') === 'query') statements += 1;
    },
    setDebugMode: () => undefined,
    isEnabled: () => false,
  };
  const orm = await MikroORM.init({
    ...ormConfig(databaseUrl, options),
    loggerFactory: () => logger,
  });
  return {
    orm,
    async count(fn) {
      const before = statements;
      const result = await fn();
      return { result, statements: statements - before };
    },
  };
}
