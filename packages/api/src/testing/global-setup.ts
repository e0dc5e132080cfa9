import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../db/embedded.ts';
import { migrate, openOrm } from '../db/orm.ts';
import { TEMPLATE_DATABASE } from './database.ts';

/**
 * One embedded PostgreSQL per test run (or DATABASE_URL's server): a template database with
 * every migration applied, from which each test file copies a fresh database of its own.
 */
export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '../../../..');
  const dataDir = path.join(root, '.data', 'test', `pg-${process.pid}-${Date.now()}`);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const pg: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir, ephemeral: true });
  await pg.createDatabase(TEMPLATE_DATABASE);
  const orm = await openOrm(pg.url(TEMPLATE_DATABASE), { poolSize: 2 });
  await migrate(orm);
  await orm.close();
  project.provide('databaseUrlTemplate', pg.url('__DB__'));
  return async () => {
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
