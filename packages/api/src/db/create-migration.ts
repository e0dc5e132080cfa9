/**
 * Generates a migration from the difference between the entities and a database that has all
 * committed migrations applied: starts a throw-away embedded PostgreSQL, migrates it, diffs.
 * Usage: pnpm --filter @credence/api migration:create [name]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openOrm } from './orm.ts';
import { startEmbeddedPostgres } from './embedded.ts';

const name = process.argv[2] ?? 'change';
const dir = await mkdtemp(path.join(tmpdir(), 'credence-migration-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
try {
  const orm = await openOrm(pg.url('postgres'));
  await migrate(orm);
  const result = await orm.migrator.create(
    path.resolve(import.meta.dirname, 'migrations'),
    false,
    false,
    name,
  );
  console.log(result.fileName ? `wrote ${result.fileName}` : 'no changes');
  console.log(result.diff.up.join('\n'));
  await orm.close();
} finally {
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
