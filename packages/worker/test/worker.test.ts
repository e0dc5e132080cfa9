import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, makeUser, type TestDatabase } from '@credence/api/testing';
import { PURGE_SESSIONS, purgeSessions } from '../src/jobs/purge-sessions/index.ts';
import { startWorker } from '../src/worker.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe('worker', () => {
  it('starts Agenda on the product database and schedules its recurring jobs', async () => {
    const worker = await startWorker({ databaseUrl: db.url, concurrency: 1, timeZone: 'UTC' });
    try {
      const rows = await db
        .em()
        .execute<{ name: string; repeat_interval: string }[]>(
          'select name, repeat_interval from agenda_jobs',
        );
      expect(rows).toContainEqual(expect.objectContaining({ name: PURGE_SESSIONS }));
    } finally {
      await worker.stop();
    }
  });

  it('purges expired sessions once: a second run finds nothing to delete', async () => {
    const user = await makeUser(db.em(), 'PLATFORM_ADMIN');
    await db.em().execute(
      `insert into session (token_hash, user_id, created_at, expires_at) values
         (repeat('a', 64), ?, now() - interval '2 days', now() - interval '1 day'),
         (repeat('b', 64), ?, now(), now() + interval '1 day')`,
      [user.id, user.id],
    );
    expect(await purgeSessions(db.em())).toEqual({ sessions: 1, failures: 0 });
    expect(await purgeSessions(db.em())).toEqual({ sessions: 0, failures: 0 });
    const [left] = await db.em().execute<{ n: number }[]>('select count(*)::int as n from session');
    expect(left?.n).toBe(1);
  });
});
