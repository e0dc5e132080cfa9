import type { EntityManager } from '@mikro-orm/postgresql';
import { TRPCError } from '@trpc/server';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCountingOrm } from '../bench/statements.ts';
import type { SessionUser } from '../src/context.ts';
import type { Course, Track } from '../src/modules/catalog/entities.ts';
import type { Organization } from '../src/modules/organizations/entities.ts';
import { trackSummary } from '../src/modules/reports/service.ts';
import {
  callerFor,
  createTestDatabase,
  makeCourse,
  makeOrganization,
  makeTrack,
  makeUser,
  startTestServer,
  TEST_PASSWORD,
  trpcHttp,
  type TestDatabase,
  type TestServer,
} from '../src/testing/index.ts';

let db: TestDatabase;
let server: TestServer;

const api = (user: SessionUser | null) => callerFor(db.em(), user);

async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { code?: unknown } | undefined;
    return { code: error.code, domain: cause?.code, message: error.message };
  }
  throw new Error('expected the call to fail');
}

/**
 * The known data set. T1: two required courses, one optional, one archived required course.
 *   org A: a1 completed, a2 in progress (one required done), a3 not started, a4 only the
 *          optional course started (in progress), a5 failed, a6 only the archived course
 *          completed (not started: archived courses never count);
 *   org B: b1 completed, b2 not started.
 * T2: one required course, then a second one added after the enrolments (no progress rows):
 *   org A: a1 completed the first (now in progress), a3 not started.
 * T3: active, no enrolments. T4: archived, no enrolments. TI: an INTERNAL track, none.
 */
let orgA: Organization;
let orgB: Organization;
let t1: Track;
let t2: Track;
let t3: Track;
let t4: Track;
let ti: Track;
let staff: SessionUser;
let clientAdminA: SessionUser;
let learnerA: SessionUser;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.orm);
  const em = db.em();
  orgA = await makeOrganization(em, { name: 'Reports Org A' });
  orgB = await makeOrganization(em, { name: 'Reports Org B' });
  staff = await makeUser(em, 'PLATFORM_ADMIN');
  clientAdminA = await makeUser(em, 'ADMIN', orgA);

  t1 = await makeTrack(em, { name: 'T1 Foundations' });
  const [c1, c2, c3, c4] = [
    await makeCourse(em, t1, { sortOrder: 1 }),
    await makeCourse(em, t1, { sortOrder: 2 }),
    await makeCourse(em, t1, { sortOrder: 3, isRequired: false }),
    await makeCourse(em, t1, { sortOrder: 4, isActive: false }),
  ] as [Course, Course, Course, Course];
  t2 = await makeTrack(em, { name: 'T2 Practice' });
  const d1 = await makeCourse(em, t2, { sortOrder: 1 });
  t3 = await makeTrack(em, { name: 'T3 Untouched' });
  t4 = await makeTrack(em, { name: 'T4 Archived', isActive: false });
  ti = await makeTrack(em, { name: 'TI Internal', type: 'INTERNAL' });

  const learner = async (org: Organization, trackIds: string[]) => {
    const user = await makeUser(em, 'EMPLOYEE', org);
    for (const trackId of trackIds) await api(user).learning.enroll({ trackId });
    return user;
  };
  const a1 = await learner(orgA, [t1.id, t2.id]);
  const a2 = await learner(orgA, [t1.id]);
  await learner(orgA, [t1.id, t2.id]); // a3
  const a4 = await learner(orgA, [t1.id]);
  const a5 = await learner(orgA, [t1.id]);
  const a6 = await learner(orgA, [t1.id]);
  const b1 = await learner(orgB, [t1.id]);
  await learner(orgB, [t1.id]);
  learnerA = a2;

  await api(a1).learning.completeCourse({ courseId: c1.id });
  await api(a1).learning.completeCourse({ courseId: c2.id });
  await api(a1).learning.completeCourse({ courseId: d1.id });
  await api(a2).learning.completeCourse({ courseId: c1.id });
  await api(a4).learning.startCourse({ courseId: c3.id });
  await api(b1).learning.completeCourse({ courseId: c1.id });
  await api(b1).learning.completeCourse({ courseId: c2.id });
  await em.execute(
    `update course_progress set status = 'FAILED'
      where course_id = ? and enrollment_id = (select id from enrollment where user_id = ? and track_id = ?)`,
    [c2.id, a5.id, t1.id],
  );
  await em.execute(
    `insert into course_progress (id, enrollment_id, course_id, status, completed_at, updated_at)
     select gen_random_uuid(), e.id, ?, 'COMPLETED', now(), now()
       from enrollment e where e.user_id = ? and e.track_id = ?`,
    [c4.id, a6.id, t1.id],
  );
  await makeCourse(em, t2, { sortOrder: 2 });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

const row = (
  track: Track,
  counts: {
    enrolled: number;
    completed: number;
    inProgress: number;
    notStarted: number;
    failed: number;
  },
  completionRate: number,
) => ({ trackId: track.id, trackName: track.name, ...counts, completionRate });

const expectedT1 = {
  all: () => row(t1, { enrolled: 8, completed: 2, inProgress: 2, notStarted: 3, failed: 1 }, 25),
  orgA: () => row(t1, { enrolled: 6, completed: 1, inProgress: 2, notStarted: 2, failed: 1 }, 16.7),
  orgB: () => row(t1, { enrolled: 2, completed: 1, inProgress: 0, notStarted: 1, failed: 0 }, 50),
};
const zero = { enrolled: 0, completed: 0, inProgress: 0, notStarted: 0, failed: 0 };

describe('reports.trackSummary', () => {
  it('counts every track of the known data set for staff', async () => {
    const rows = await api(staff).reports.trackSummary();
    const byId = new Map(rows.map((r) => [r.trackId, r]));
    expect(byId.get(t1.id)).toEqual(expectedT1.all());
    expect(byId.get(t2.id)).toEqual(
      row(t2, { enrolled: 2, completed: 0, inProgress: 1, notStarted: 1, failed: 0 }, 0),
    );
    expect(byId.get(t3.id)).toEqual(row(t3, zero, 0));
    expect(byId.get(ti.id)).toEqual(row(ti, zero, 0));
    expect(byId.has(t4.id)).toBe(false);
    for (const r of rows) {
      expect(r.completed + r.inProgress + r.notStarted + r.failed).toBe(r.enrolled);
    }
  });

  it('filters by organisation and by track', async () => {
    const rowsA = await api(staff).reports.trackSummary({ organizationId: orgA.id });
    expect(rowsA.find((r) => r.trackId === t1.id)).toEqual(expectedT1.orgA());
    expect(rowsA.some((r) => r.trackId === ti.id)).toBe(false);
    expect(
      await api(staff).reports.trackSummary({ organizationId: orgB.id, trackId: t1.id }),
    ).toEqual([expectedT1.orgB()]);
    expect(await api(staff).reports.trackSummary({ trackId: t1.id })).toEqual([expectedT1.all()]);
    expect(await api(staff).reports.trackSummary({ trackId: t4.id })).toEqual([row(t4, zero, 0)]);
    expect(
      await failure(api(staff).reports.trackSummary({ trackId: crypto.randomUUID() })),
    ).toMatchObject({ code: 'NOT_FOUND', domain: 'TRACK.NOT_FOUND' });
    expect(
      await failure(api(staff).reports.trackSummary({ organizationId: crypto.randomUUID() })),
    ).toMatchObject({ code: 'NOT_FOUND', domain: 'ORGANIZATION.NOT_FOUND' });
  });

  it('keeps a client admin to their own organisation', async () => {
    const own = await api(clientAdminA).reports.trackSummary();
    expect(own.find((r) => r.trackId === t1.id)).toEqual(expectedT1.orgA());
    expect(await api(clientAdminA).reports.trackSummary({ organizationId: orgA.id })).toEqual(own);
    expect(
      await failure(api(clientAdminA).reports.trackSummary({ organizationId: orgB.id })),
    ).toEqual({
      code: 'NOT_FOUND',
      domain: 'ORGANIZATION.NOT_FOUND',
      message: 'No such organisation',
    });
    expect(await failure(api(learnerA).reports.trackSummary())).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await failure(api(null).reports.trackSummary())).toMatchObject({ code: 'UNAUTHORIZED' });
    const success = await makeUser(db.em(), 'CUSTOMER_SUCCESS');
    expect((await api(success).reports.trackSummary({ trackId: t1.id }))[0]).toEqual(
      expectedT1.all(),
    );
    expect(
      await failure(
        api(staff).reports.trackSummary({ trackId: t1.id, extra: 1 } as { trackId: string }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('never shows a client admin an INTERNAL track, not even asked for by id', async () => {
    const own = await api(clientAdminA).reports.trackSummary();
    expect(own.some((r) => r.trackId === ti.id)).toBe(false);
    const missing = await failure(
      api(clientAdminA).reports.trackSummary({ trackId: crypto.randomUUID() }),
    );
    expect(missing).toEqual({
      code: 'NOT_FOUND',
      domain: 'TRACK.NOT_FOUND',
      message: 'No such track',
    });
    expect(await failure(api(clientAdminA).reports.trackSummary({ trackId: ti.id }))).toEqual(
      missing,
    );
    expect(
      await failure(
        api(clientAdminA).reports.trackSummary({ organizationId: orgA.id, trackId: ti.id }),
      ),
    ).toEqual(missing);
    // Staff still see it, also for one organisation.
    expect(await api(staff).reports.trackSummary({ trackId: ti.id })).toEqual([row(ti, zero, 0)]);
    expect(
      await api(staff).reports.trackSummary({ organizationId: orgA.id, trackId: ti.id }),
    ).toEqual([row(ti, zero, 0)]);
  });

  it('runs a fixed number of queries whatever the number of enrolments', async () => {
    const counting = await openCountingOrm(db.url, { poolSize: 1 });
    const countQueries = async () => {
      const em = counting.orm.em.fork() as EntityManager;
      const { statements } = await counting.count(() =>
        trackSummary(em, { kind: 'all' }, { organizationId: orgB.id }),
      );
      return statements;
    };
    const before = await countQueries();
    for (let i = 0; i < 5; i++) {
      const user = await makeUser(db.em(), 'EMPLOYEE', orgB);
      await api(user).learning.enroll({ trackId: t3.id });
    }
    expect(await countQueries()).toBe(before);
    expect(before).toBeLessThanOrEqual(3);
    await counting.orm.close();
    const rows = await api(staff).reports.trackSummary({ organizationId: orgB.id, trackId: t3.id });
    expect(rows).toEqual([row(t3, { ...zero, enrolled: 5, notStarted: 5 }, 0)]);
  });
});

async function cookieFor(user: SessionUser): Promise<string> {
  const login = await trpcHttp(server.url, 'auth.login', {
    email: user.email,
    password: TEST_PASSWORD,
  });
  return login.setCookie.map((c) => c.split(';')[0]).join('; ');
}
const get = (query: string, cookie?: string) =>
  fetch(`${server.url}/exports/track-summary.csv${query}`, {
    headers: cookie ? { cookie } : {},
  });

describe('GET /exports/track-summary.csv', () => {
  it('exports the summary as CSV with the procedure’s filters', async () => {
    const res = await get(`?trackId=${t1.id}&organizationId=`, await cookieFor(staff));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="track-summary-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe(
      'Organisation,Track,Enrolled,Completed,In progress,Not started,Failed,Completion rate (%),Track ID',
    );
    expect(parse(text, { columns: true })).toEqual([
      {
        Organisation: 'All organisations',
        Track: t1.name,
        Enrolled: '8',
        Completed: '2',
        'In progress': '2',
        'Not started': '3',
        Failed: '1',
        'Completion rate (%)': '25',
        'Track ID': t1.id,
      },
    ]);
    const forB = await get(`?trackId=${t1.id}&organizationId=${orgB.id}`, await cookieFor(staff));
    const [rowB] = parse<Record<string, string>>(await forB.text(), { columns: true });
    expect(rowB?.Organisation).toBe(orgB.name);
  });

  it('scopes a client admin to their organisation like the procedure', async () => {
    const cookie = await cookieFor(clientAdminA);
    const res = await get(`?trackId=${t1.id}`, cookie);
    expect(res.status).toBe(200);
    const [only] = parse<Record<string, string>>(await res.text(), { columns: true });
    expect(only).toMatchObject({
      Organisation: orgA.name,
      Enrolled: '6',
      Completed: '1',
      'Completion rate (%)': '16.7',
    });
    expect((await get(`?organizationId=${orgB.id}`, cookie)).status).toBe(404);
    const internal = await get(`?trackId=${ti.id}`, cookie);
    expect(internal.status).toBe(404);
    expect(await internal.text()).not.toContain(ti.name);
    expect((await get('?trackId=not-a-uuid', cookie)).status).toBe(400);
    expect((await get(`?trackId=${t1.id}&actAs=x`, cookie)).status).toBe(400);
  });

  it('answers 401 without a session and 403 for learners', async () => {
    const anonymous = await get('');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).not.toMatch(/csv/);
    expect((await get('', 'credence_session=' + 'x'.repeat(43))).status).toBe(401);
    const learner = await get('', await cookieFor(learnerA));
    expect(learner.status).toBe(403);
    const denied = await db
      .em()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from audit_log where action = 'access.denied' and actor_id = ?`,
        [learnerA.id],
      );
    expect(denied[0]?.n).toBeGreaterThan(0);
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const track = await makeTrack(db.em(), { name: '=HYPERLINK("http://evil.test","x")' });
    const res = await get(`?trackId=${track.id}`, await cookieFor(staff));
    const [only] = parse<Record<string, string>>(await res.text(), { columns: true });
    expect(only?.Track).toBe(`'=HYPERLINK("http://evil.test","x")`);
  });
});
