import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openOrm, type MikroORM } from '../db/orm.ts';
import { db } from '../db/sql.ts';

export const TEMPLATE_DATABASE = 'credence_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgresql:// URL of the test server with `__DB__` in place of the database name. */
    databaseUrlTemplate: string;
  }
}

export interface TestDatabase {
  orm: MikroORM;
  url: string;
  /** A fresh EntityManager, as a request or a job would have. */
  em(): EntityManager;
  /** Row counts of every table of ours, to prove a rejected call wrote nothing. */
  rowCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** A database of its own for one test file, copied from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('databaseUrlTemplate');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: template.replace('__DB__', 'postgres') });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = template.replace('__DB__', name);
  const orm = await openOrm(url, { poolSize: 20 });
  const em = () => orm.em.fork() as EntityManager;
  return {
    orm,
    url,
    em,
    async rowCounts() {
      const { rows: tables } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
         where table_schema = 'public' and table_type = 'BASE TABLE'
           and table_name not in ('schema_migrations', 'audit_log', 'rate_limit')
         order by table_name`.execute(db(em()));
      const counts: Record<string, number> = {};
      for (const { table_name } of tables) {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from ${sql.table(table_name)}`.execute(db(em()));
        counts[table_name] = rows[0]?.n ?? 0;
      }
      return counts;
    },
    close: () => orm.close(),
  };
}
