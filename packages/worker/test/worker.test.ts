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

  it('purges expired sign-in rows once: a second run finds nothing to delete', async () => {
    const user = await makeUser(db.em(), 'PLATFORM_ADMIN');
    await db.em().execute(
      `insert into session (token_hash, user_id, created_at, expires_at) values
         (repeat('a', 64), ?, now() - interval '2 days', now() - interval '1 day'),
         (repeat('b', 64), ?, now(), now() + interval '1 day')`,
      [user.id, user.id],
    );
    const now = Date.now();
    await db
      .em()
      .execute(
        `insert into rate_limit (key, points, expire) values ('old', 3, ?), ('recent', 1, ?), ('live', 2, ?)`,
        [now - 2 * 3600_000, now - 60_000, now + 60_000],
      );
    await db.em().execute(
      `insert into password_link (token_hash, user_id, created_at, expires_at, used_at) values
         (repeat('c', 64), ?, now() - interval '3 days', now() - interval '2 days', null),
         (repeat('d', 64), ?, now() - interval '3 days', now() - interval '2 days', now() - interval '2 days'),
         (repeat('e', 64), ?, now() - interval '1 hour', now() + interval '23 hours', now()),
         (repeat('f', 64), ?, now(), now() + interval '1 day', null)`,
      [user.id, user.id, user.id, user.id],
    );
    expect(await purgeSessions(db.em())).toEqual({ sessions: 1, rateLimits: 1, passwordLinks: 2 });
    expect(await purgeSessions(db.em())).toEqual({ sessions: 0, rateLimits: 0, passwordLinks: 0 });
    const [left] = await db.em().execute<{ sessions: number; limits: number; links: number }[]>(
      `select (select count(*)::int from session) as sessions,
                (select count(*)::int from rate_limit) as limits,
                (select count(*)::int from password_link) as links`,
    );
    expect(left).toEqual({ sessions: 1, limits: 2, links: 2 });
  });
});
