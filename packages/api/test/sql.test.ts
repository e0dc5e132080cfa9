import type { UserRole } from '@credence/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { db, jsonRecords } from '../src/db/sql.ts';
import type { Track } from '../src/modules/catalog/entities.ts';
import { createTestDatabase, makeTrack, type TestDatabase } from '../src/testing/index.ts';

let tdb: TestDatabase;
let track: Track;

beforeAll(async () => {
  tdb = await createTestDatabase();
  track = await makeTrack(tdb.em());
});
afterAll(() => tdb.close());

const auditRows = (action: string) =>
  db(tdb.em()).selectFrom('audit_log').select('id').where('action', '=', action).execute();

/** How many of this database's backends wait for a lock. */
async function waitingForLocks(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
     where datname = current_database() and wait_event_type = 'Lock'`.execute(db(tdb.em()));
  return rows[0]?.n ?? 0;
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition never held');
}

describe('typed SQL', () => {
  it('is typed from the entities: tables, snake_case columns, nullability, timestamps as text', () => {
    const q = db(tdb.em());
    const select = () =>
      q
        .selectFrom('enrollment as e')
        .innerJoin('app_user as u', 'u.id', 'e.user_id')
        .select(['e.id', 'e.completed_at as completedAt', 'e.required_total as total', 'u.role'])
        .executeTakeFirstOrThrow();
    type Row = Awaited<ReturnType<typeof select>>;
    expectTypeOf<Row['id']>().toEqualTypeOf<string>();
    expectTypeOf<Row['completedAt']>().toEqualTypeOf<string | null>();
    expectTypeOf<Row['total']>().toEqualTypeOf<number>();
    expectTypeOf<Row['role']>().toEqualTypeOf<UserRole>();
    // @ts-expect-error a column that no entity declares
    q.selectFrom('track').select('no_such_column');
    // @ts-expect-error a property name is not a column name
    q.selectFrom('enrollment').select('completedAt');
  });

  it("runs in the EntityManager's transaction: a rollback takes its writes back", async () => {
    const action = `test.rollback.${crypto.randomUUID()}`;
    await expect(
      tdb.em().transactional(async (tx) => {
        await db(tx).insertInto('audit_log').values({ action }).execute();
        // Visible inside the transaction, invisible outside it until commit.
        expect(
          await db(tx).selectFrom('audit_log').select('id').where('action', '=', action).execute(),
        ).toHaveLength(1);
        expect(await auditRows(action)).toHaveLength(0);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await auditRows(action)).toHaveLength(0);

    await tdb.em().transactional(async (tx) => {
      await db(tx).insertInto('audit_log').values({ action }).execute();
    });
    expect(await auditRows(action)).toHaveLength(1);
  });

  it('reads many values sent as one JSON parameter with their SQL types', async () => {
    const { rows } = await sql<{ id: string; n: number; on: boolean }>`select * from ${jsonRecords(
      [
        { id: track.id, n: 2, on: true },
        { id: crypto.randomUUID(), n: 3, on: false },
      ],
      { id: 'uuid', n: 'int', on: 'boolean' },
    )} as v`.execute(db(tdb.em()));
    expect(rows).toEqual([
      { id: track.id, n: 2, on: true },
      { id: expect.any(String), n: 3, on: false },
    ]);
  });

  it('forUpdate holds the row until commit: a concurrent writer waits, then goes through', async () => {
    let writerDone = false;
    let writer: Promise<unknown> | undefined;
    await tdb.em().transactional(async (tx) => {
      const locked = await db(tx)
        .selectFrom('track')
        .select(['id', 'name'])
        .where('id', '=', track.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      expect(locked.id).toBe(track.id);
      writer = db(tdb.em())
        .updateTable('track')
        .set({ name: 'renamed while locked' })
        .where('id', '=', track.id)
        .execute()
        .then(() => (writerDone = true));
      await until(async () => (await waitingForLocks()) === 1);
      expect(writerDone).toBe(false);
      await db(tx)
        .updateTable('track')
        .set({ name: 'renamed by the lock holder' })
        .where('id', '=', track.id)
        .execute();
    });
    await writer;
    expect(writerDone).toBe(true);
    const after = await db(tdb.em())
      .selectFrom('track')
      .select('name')
      .where('id', '=', track.id)
      .executeTakeFirstOrThrow();
    expect(after.name).toBe('renamed while locked');
  });

  it('forShare lets other readers share the row and makes a writer wait', async () => {
    let writerDone = false;
    let writer: Promise<unknown> | undefined;
    await tdb.em().transactional(async (tx) => {
      await db(tx).selectFrom('track').select('id').where('id', '=', track.id).forShare().execute();
      await tdb.em().transactional(async (other) => {
        // A second share lock is granted at once.
        await db(other)
          .selectFrom('track')
          .select('id')
          .where('id', '=', track.id)
          .forShare()
          .execute();
      });
      writer = db(tdb.em())
        .updateTable('track')
        .set({ name: 'renamed after the readers' })
        .where('id', '=', track.id)
        .execute()
        .then(() => (writerDone = true));
      await until(async () => (await waitingForLocks()) === 1);
      expect(writerDone).toBe(false);
    });
    await writer;
    expect(writerDone).toBe(true);
  });
});
