import { Migrator } from '@mikro-orm/migrations';
import { Client } from 'pg';
import { defineConfig, MikroORM } from '@mikro-orm/postgresql';
import { logger } from '../logger.ts';
import { entities } from './entities.ts';
import { migrationsList } from './migrations/index.ts';

/** Tables owned by others (Agenda's queue); the schema tools must never drop them. */
const FOREIGN_TABLES = ['agenda_jobs', 'agenda_logs'];

export function ormConfig(databaseUrl: string, options: { poolSize?: number } = {}) {
  return defineConfig({
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    pool: { max: options.poolSize ?? 10 },
    // Identity comes from each request's forked EntityManager, never the global one.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    migrations: {
      migrationsList,
      tableName: 'schema_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      snapshotOnMigrate: false,
      silent: true,
    },
    schemaGenerator: { skipTables: FOREIGN_TABLES },
    logger: (message) => logger.debug({ component: 'orm' }, message),
  });
}

export async function openOrm(databaseUrl: string, options: { poolSize?: number } = {}) {
  return MikroORM.init(ormConfig(databaseUrl, options));
}

const MIGRATION_LOCK = 7263000;

/**
 * Applies the committed migrations that have not run yet, all in one transaction. An advisory
 * lock held on a connection of its own lets several API processes start at once.
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const lock = new Client({ connectionString: orm.config.get('clientUrl') });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  } finally {
    await lock.end();
  }
}

export type { MikroORM };
