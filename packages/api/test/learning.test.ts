import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACK_TYPES, USER_ROLES, isInternalRole, type TrackType } from '@credence/domain';
import type { SessionUser } from '../src/context.ts';
import { BACKFILL_ENROLLMENT_PROGRESS } from '../src/db/migrations/Migration20261122071122_enrollment_progress.ts';
import type { Course, Track } from '../src/modules/catalog/entities.ts';
import { recomputeCompletion } from '../src/modules/learning/completion.ts';
import { advanceCourse } from '../src/modules/learning/progress.ts';
import type { Organization } from '../src/modules/organizations/entities.ts';
import {
  callerFor,
  createTestDatabase,
  makeCourse,
  makeOrganization,
  makeTrack,
  makeUser,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let orgA: Organization;
let orgB: Organization;

beforeAll(async () => {
  db = await createTestDatabase();
  orgA = await makeOrganization(db.em(), { name: 'Learning Org A' });
  orgB = await makeOrganization(db.em(), { name: 'Learning Org B' });
});
afterAll(() => db.close());

const api = (user: SessionUser | null) => callerFor(db.em(), user);

/** What a rejected call answered: the tRPC code, the domain code behind it and the message. */
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

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return db.em().execute<T[]>(query, params);
}

const employee = (org: Organization = orgA) => makeUser(db.em(), 'EMPLOYEE', org);

/** A track with two required courses, one optional and one archived (which never counts). */
async function trackWithCourses(type: TrackType = 'CLIENT_EMPLOYEE') {
  const track = await makeTrack(db.em(), { type });
  const first = await makeCourse(db.em(), track, { sortOrder: 1 });
  const second = await makeCourse(db.em(), track, { sortOrder: 2 });
  const optional = await makeCourse(db.em(), track, { sortOrder: 3, isRequired: false });
  const archived = await makeCourse(db.em(), track, { sortOrder: 4, isActive: false });
  return { track, first, second, optional, archived };
}

async function enrollmentRows(userId: string, trackId: string) {
  return sql<{ id: string; enrolledById: string | null }>(
    'select id, enrolled_by_id as "enrolledById" from enrollment where user_id = ? and track_id = ?',
    [userId, trackId],
  );
}

async function progressRows(enrollmentId: string) {
  return sql<{ courseId: string; status: string }>(
    'select course_id as "courseId", status from course_progress where enrollment_id = ?',
    [enrollmentId],
  );
}

async function addQuiz(course: Course) {
  await sql(
    `insert into quiz (id, course_id, created_at, updated_at)
     values (gen_random_uuid(), ?, now(), now())`,
    [course.id],
  );
}

describe('learning.enroll', () => {
  it('creates the enrolment and one NOT_STARTED progress row per active course', async () => {
    const { track, first, second, optional } = await trackWithCourses();
    const learner = await employee();
    const result = await api(learner).learning.enroll({ trackId: track.id });
    expect(result.created).toBe(true);
    expect(result.enrollment).toMatchObject({
      userId: learner.id,
      track: { id: track.id, slug: track.slug, name: track.name, version: '1.0' },
      status: 'NOT_STARTED',
      progressPercent: 0,
      requiredTotal: 2,
      requiredCompleted: 0,
      completedAt: null,
    });
    expect(result.enrollment.courses.map((c) => c.id)).toEqual([first.id, second.id, optional.id]);
    const rows = await progressRows(result.enrollment.id);
    expect(rows.map((r) => r.courseId).toSorted()).toEqual(
      [first.id, second.id, optional.id].toSorted(),
    );
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['NOT_STARTED']));
  });

  it('is idempotent: enrolling again returns the existing enrolment', async () => {
    const { track } = await trackWithCourses();
    const learner = await employee();
    const once = await api(learner).learning.enroll({ trackId: track.id });
    const twice = await api(learner).learning.enroll({ trackId: track.id, userId: learner.id });
    expect(twice.created).toBe(false);
    expect(twice.enrollment.id).toBe(once.enrollment.id);
    expect(await enrollmentRows(learner.id, track.id)).toHaveLength(1);
    expect(await progressRows(once.enrollment.id)).toHaveLength(3);
  });

  it('gives exactly one enrolment and one set of progress rows to 20 concurrent enrolments', async () => {
    const { track } = await trackWithCourses();
    const learner = await employee();
    const admin = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? api(learner).learning.enroll({ trackId: track.id })
          : api(admin).learning.enroll({ trackId: track.id, userId: learner.id }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.enrollment.id)).size).toBe(1);
    const enrollments = await enrollmentRows(learner.id, track.id);
    expect(enrollments).toHaveLength(1);
    expect(await progressRows(enrollments[0]?.id ?? '')).toHaveLength(3);
  });

  it('follows the eligibility table: staff ↔ INTERNAL, each client role ↔ its CLIENT_* type', async () => {
    const tracks = Object.fromEntries(
      await Promise.all(
        TRACK_TYPES.map(async (type) => [type, await makeTrack(db.em(), { type })] as const),
      ),
    ) as Record<TrackType, Track>;
    const expected: Record<string, TrackType> = {
      PLATFORM_ADMIN: 'INTERNAL',
      IMPLEMENTATION_MANAGER: 'INTERNAL',
      CUSTOMER_SUCCESS: 'INTERNAL',
      ADMIN: 'CLIENT_ADMIN',
      INVESTIGATOR: 'CLIENT_INVESTIGATOR',
      EMPLOYEE: 'CLIENT_EMPLOYEE',
    };
    const table: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const role of USER_ROLES) {
      const user = await makeUser(db.em(), role, isInternalRole(role) ? null : orgA);
      for (const type of TRACK_TYPES) {
        const key = `${role} → ${type}`;
        // INTERNAL tracks do not exist for client users; other mismatches are not eligible.
        want[key] =
          expected[role] === type
            ? 'ok'
            : type === 'INTERNAL'
              ? 'TRACK.NOT_FOUND'
              : 'ENROLLMENT.NOT_ELIGIBLE';
        try {
          await api(user).learning.enroll({ trackId: tracks[type].id });
          table[key] = 'ok';
        } catch (error) {
          table[key] = String(((error as TRPCError).cause as { code?: string } | undefined)?.code);
        }
      }
    }
    expect(table).toEqual(want);
  });

  it('lets catalog staff enrol anyone, a client admin only their own organisation, others nobody', async () => {
    const { track } = await trackWithCourses();
    const platformAdmin = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const manager = await makeUser(db.em(), 'IMPLEMENTATION_MANAGER');
    const success = await makeUser(db.em(), 'CUSTOMER_SUCCESS');
    const clientAdmin = await makeUser(db.em(), 'ADMIN', orgA);
    const investigator = await makeUser(db.em(), 'INVESTIGATOR', orgA);
    const learnerA = await employee(orgA);
    const learnerA2 = await employee(orgA);
    const learnerB = await employee(orgB);
    const learnerB2 = await employee(orgB);

    const byAdmin = await api(platformAdmin).learning.enroll({
      trackId: track.id,
      userId: learnerB.id,
    });
    expect(byAdmin.enrollment.userId).toBe(learnerB.id);
    const byManager = await api(manager).learning.enroll({
      trackId: track.id,
      userId: learnerB2.id,
    });
    expect(byManager.created).toBe(true);
    const byClientAdmin = await api(clientAdmin).learning.enroll({
      trackId: track.id,
      userId: learnerA.id,
    });
    expect(byClientAdmin.enrollment.userId).toBe(learnerA.id);
    expect((await enrollmentRows(learnerA.id, track.id))[0]?.enrolledById).toBe(clientAdmin.id);

    // Another tenant's user answers exactly like an unknown id.
    const otherTenant = await failure(
      api(clientAdmin).learning.enroll({ trackId: track.id, userId: learnerB.id }),
    );
    const unknown = await failure(
      api(clientAdmin).learning.enroll({ trackId: track.id, userId: crypto.randomUUID() }),
    );
    expect(otherTenant).toEqual({
      code: 'NOT_FOUND',
      domain: 'USER.NOT_FOUND',
      message: 'No such user',
    });
    expect(unknown).toEqual(otherTenant);

    for (const actor of [success, investigator, learnerA]) {
      expect(
        await failure(api(actor).learning.enroll({ trackId: track.id, userId: learnerA2.id })),
      ).toMatchObject({ code: 'FORBIDDEN', domain: 'ENROLLMENT.FORBIDDEN' });
    }
    expect(await enrollmentRows(learnerA2.id, track.id)).toEqual([]);
    const denied = await sql<{ n: number }>(
      `select count(*)::int as n from audit_log
        where action = 'access.denied' and actor_id = ? and target_id = 'learning.enroll'`,
      [success.id],
    );
    expect(denied[0]?.n).toBe(1);
  });

  it('refuses new enrolments in an archived track but keeps answering with existing ones', async () => {
    const { track } = await trackWithCourses();
    const enrolled = await employee();
    const before = await api(enrolled).learning.enroll({ trackId: track.id });
    await sql('update track set is_active = false where id = ?', [track.id]);

    const latecomer = await employee();
    expect(await failure(api(latecomer).learning.enroll({ trackId: track.id }))).toMatchObject({
      code: 'BAD_REQUEST',
      domain: 'TRACK.ARCHIVED',
    });
    expect(await enrollmentRows(latecomer.id, track.id)).toEqual([]);
    const again = await api(enrolled).learning.enroll({ trackId: track.id });
    expect(again).toMatchObject({ created: false, enrollment: { id: before.enrollment.id } });
  });

  it('answers NOT_FOUND for an unknown track and rejects unknown input keys', async () => {
    const learner = await employee();
    expect(
      await failure(api(learner).learning.enroll({ trackId: crypto.randomUUID() })),
    ).toMatchObject({ code: 'NOT_FOUND', domain: 'TRACK.NOT_FOUND' });
    const { track } = await trackWithCourses();
    expect(
      await failure(
        api(learner).learning.enroll({ trackId: track.id, actAs: 'x' } as { trackId: string }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses deactivated users', async () => {
    const { track } = await trackWithCourses();
    const admin = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const gone = await makeUser(db.em(), 'EMPLOYEE', orgA, { isActive: false });
    expect(
      await failure(api(admin).learning.enroll({ trackId: track.id, userId: gone.id })),
    ).toMatchObject({ code: 'BAD_REQUEST', domain: 'ENROLLMENT.USER_INACTIVE' });
  });
});

async function people() {
  const clientAdmin = await makeUser(db.em(), 'ADMIN', orgA);
  const fresh1 = await employee(orgA);
  const fresh2 = await employee(orgA);
  const already = await employee(orgA);
  const investigator = await makeUser(db.em(), 'INVESTIGATOR', orgA);
  const inactive = await makeUser(db.em(), 'EMPLOYEE', orgA, { isActive: false });
  const otherTenant = await employee(orgB);
  return { clientAdmin, fresh1, fresh2, already, investigator, inactive, otherTenant };
}

describe('learning.bulkEnroll', () => {
  it('reports every row of a list: enrolled, already enrolled, duplicate, invalid, unknown, other tenant, ineligible', async () => {
    const { track } = await trackWithCourses();
    const p = await people();
    await api(p.already).learning.enroll({ trackId: track.id });

    const result = await api(p.clientAdmin).learning.bulkEnroll({
      trackId: track.id,
      emails: [
        p.fresh1.email,
        `  ${p.fresh2.email.toUpperCase()} `,
        p.already.email,
        p.fresh1.email,
        'not-an-email',
        '',
        'nobody@example.test',
        p.otherTenant.email,
        p.investigator.email,
        p.inactive.email,
      ],
    });
    expect(result.results).toEqual([
      { row: 1, email: p.fresh1.email, status: 'ENROLLED' },
      { row: 2, email: p.fresh2.email, status: 'ENROLLED' },
      { row: 3, email: p.already.email, status: 'ALREADY_ENROLLED' },
      { row: 4, email: p.fresh1.email, status: 'ALREADY_ENROLLED', message: 'Duplicate of row 1' },
      { row: 5, email: 'not-an-email', status: 'ERROR', message: 'Not a valid email address' },
      { row: 7, email: 'nobody@example.test', status: 'ERROR', message: 'No such user' },
      { row: 8, email: p.otherTenant.email, status: 'ERROR', message: 'No such user' },
      {
        row: 9,
        email: p.investigator.email,
        status: 'ERROR',
        message: expect.stringMatching(/^Not eligible/) as unknown as string,
      },
      { row: 10, email: p.inactive.email, status: 'ERROR', message: 'This user is deactivated' },
    ]);
    expect(result.totals).toEqual({ rows: 9, enrolled: 2, alreadyEnrolled: 2, errors: 5 });

    for (const user of [p.fresh1, p.fresh2]) {
      const [enrollment] = await enrollmentRows(user.id, track.id);
      expect(enrollment?.enrolledById).toBe(p.clientAdmin.id);
      expect(await progressRows(enrollment?.id ?? '')).toHaveLength(3);
    }
    for (const user of [p.otherTenant, p.investigator, p.inactive]) {
      expect(await enrollmentRows(user.id, track.id)).toEqual([]);
    }
  });

  it('reads CSV with an email column (rows are file lines) and headerless one-per-line CSV', async () => {
    const { track } = await trackWithCourses();
    const p = await people();
    const admin = await makeUser(db.em(), 'IMPLEMENTATION_MANAGER');
    const csv = [
      'name,Email',
      `"Fresh, One",${p.fresh1.email}`,
      '',
      `Other tenant,${p.otherTenant.email}`,
      `Again,${p.fresh1.email.toUpperCase()}`,
      'No address,',
      `Investigator,${p.investigator.email}`,
    ].join('\r\n');
    const result = await api(admin).learning.bulkEnroll({ trackId: track.id, csv });
    expect(result.results).toEqual([
      { row: 2, email: p.fresh1.email, status: 'ENROLLED' },
      // Staff may enrol any tenant's users.
      { row: 4, email: p.otherTenant.email, status: 'ENROLLED' },
      { row: 5, email: p.fresh1.email, status: 'ALREADY_ENROLLED', message: 'Duplicate of row 2' },
      { row: 6, email: '', status: 'ERROR', message: 'No email address' },
      {
        row: 7,
        email: p.investigator.email,
        status: 'ERROR',
        message: expect.stringMatching(/^Not eligible/) as unknown as string,
      },
    ]);
    expect(result.totals).toEqual({ rows: 5, enrolled: 2, alreadyEnrolled: 1, errors: 2 });

    const plain = await api(p.clientAdmin).learning.bulkEnroll({
      trackId: track.id,
      csv: `${p.fresh1.email}\n${p.fresh2.email}\nnobody@example.test\n${p.otherTenant.email}\n`,
    });
    expect(plain.results.map((r) => [r.row, r.status, r.message])).toEqual([
      [1, 'ALREADY_ENROLLED', undefined],
      [2, 'ENROLLED', undefined],
      [3, 'ERROR', 'No such user'],
      // Enrolled by staff above, but outside this admin's organisation: not revealed.
      [4, 'ERROR', 'No such user'],
    ]);
  });

  it('rejects unreadable CSV, archived tracks and callers who may not enrol others', async () => {
    const { track } = await trackWithCourses();
    const p = await people();
    expect(
      await failure(
        api(p.clientAdmin).learning.bulkEnroll({ trackId: track.id, csv: 'email\n"unclosed' }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', domain: 'ENROLLMENT.INVALID_CSV' });
    expect(
      await failure(
        api(p.clientAdmin).learning.bulkEnroll({
          trackId: track.id,
          emails: [p.fresh1.email],
          csv: p.fresh1.email,
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    for (const actor of [p.fresh1, await makeUser(db.em(), 'CUSTOMER_SUCCESS')]) {
      expect(
        await failure(
          api(actor).learning.bulkEnroll({ trackId: track.id, emails: [p.fresh2.email] }),
        ),
      ).toMatchObject({ code: 'FORBIDDEN' });
    }
    await sql('update track set is_active = false where id = ?', [track.id]);
    expect(
      await failure(
        api(p.clientAdmin).learning.bulkEnroll({ trackId: track.id, emails: [p.fresh2.email] }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', domain: 'TRACK.ARCHIVED' });
    expect(await enrollmentRows(p.fresh2.id, track.id)).toEqual([]);
  });
});

describe('course progress', () => {
  it('walks NOT_STARTED → IN_PROGRESS → COMPLETED to a completed track; optional courses never block', async () => {
    const { track, first, second, optional } = await trackWithCourses();
    const learner = await employee();
    const me = api(learner).learning;
    await me.enroll({ trackId: track.id });

    const started = await me.startCourse({ courseId: first.id });
    expect(started.status).toBe('IN_PROGRESS');
    expect(started.courses.find((c) => c.id === first.id)).toMatchObject({
      status: 'IN_PROGRESS',
      completedAt: null,
    });
    expect(started.courses.find((c) => c.id === first.id)?.startedAt).not.toBeNull();

    const half = await me.completeCourse({ courseId: first.id });
    expect(half).toMatchObject({
      status: 'IN_PROGRESS',
      progressPercent: 50,
      requiredCompleted: 1,
      completedAt: null,
    });

    // Completing straight from NOT_STARTED is allowed (the content lives elsewhere).
    const done = await me.completeCourse({ courseId: second.id });
    expect(done).toMatchObject({
      status: 'COMPLETED',
      progressPercent: 100,
      requiredTotal: 2,
      requiredCompleted: 2,
    });
    expect(done.completedAt).not.toBeNull();
    expect(done.courses.find((c) => c.id === optional.id)?.status).toBe('NOT_STARTED');
    const [row] = await sql<{ completedAt: Date | null }>(
      'select completed_at as "completedAt" from enrollment where id = ?',
      [done.id],
    );
    expect(row?.completedAt).not.toBeNull();

    // Starting a completed course changes nothing.
    const again = await me.startCourse({ courseId: second.id });
    expect(again.courses.find((c) => c.id === second.id)?.status).toBe('COMPLETED');

    const [mine] = (await me.myTracks()).filter((e) => e.track.id === track.id);
    expect(mine).toMatchObject({
      id: done.id,
      status: 'COMPLETED',
      progressPercent: 100,
      track: { id: track.id, slug: track.slug, type: 'CLIENT_EMPLOYEE', level: 'FOUNDATION' },
    });
  });

  it('computes percent as floor(100 × completed required ÷ required)', async () => {
    const track = await makeTrack(db.em());
    const courses = await Promise.all(
      [1, 2, 3].map((i) => makeCourse(db.em(), track, { sortOrder: i })),
    );
    const learner = await employee();
    await api(learner).learning.enroll({ trackId: track.id });
    const one = await api(learner).learning.completeCourse({ courseId: courses[0]?.id ?? '' });
    expect(one.progressPercent).toBe(33);
    const two = await api(learner).learning.completeCourse({ courseId: courses[1]?.id ?? '' });
    expect(two.progressPercent).toBe(66);
  });

  it('counts a course added after the enrolment as NOT_STARTED and creates its row on first use', async () => {
    const { track, first, second } = await trackWithCourses();
    const learner = await employee();
    const enrolled = await api(learner).learning.enroll({ trackId: track.id });
    await api(learner).learning.completeCourse({ courseId: first.id });
    const late = await makeCourse(db.em(), track, { sortOrder: 10 });

    const mine = (await api(learner).learning.myTracks()).find((e) => e.track.id === track.id);
    expect(mine).toMatchObject({ requiredTotal: 3, requiredCompleted: 1, progressPercent: 33 });
    expect(mine?.courses.find((c) => c.id === late.id)?.status).toBe('NOT_STARTED');

    await api(learner).learning.completeCourse({ courseId: second.id });
    const almost = await api(learner).learning.progress({ enrollmentId: enrolled.enrollment.id });
    expect(almost.status).toBe('IN_PROGRESS');
    const done = await api(learner).learning.completeCourse({ courseId: late.id });
    expect(done.status).toBe('COMPLETED');
    expect((await progressRows(enrolled.enrollment.id)).map((r) => r.courseId)).toContain(late.id);
  });

  it('refuses to complete a course with a quiz, or a failed course, and writes nothing', async () => {
    const { track, first, second } = await trackWithCourses();
    await addQuiz(first);
    const learner = await employee();
    const enrolled = await api(learner).learning.enroll({ trackId: track.id });

    const started = await api(learner).learning.startCourse({ courseId: first.id });
    expect(started.courses.find((c) => c.id === first.id)).toMatchObject({
      status: 'IN_PROGRESS',
      hasExam: true,
    });
    expect(
      await failure(api(learner).learning.completeCourse({ courseId: first.id })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      domain: 'COURSE.REQUIRES_QUIZ',
    });

    await sql(
      `update course_progress set status = 'FAILED' where enrollment_id = ? and course_id = ?`,
      [enrolled.enrollment.id, second.id],
    );
    expect(
      await failure(api(learner).learning.completeCourse({ courseId: second.id })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      domain: 'COURSE.FAILED',
    });
    const rows = await progressRows(enrolled.enrollment.id);
    expect(Object.fromEntries(rows.map((r) => [r.courseId, r.status]))).toMatchObject({
      [first.id]: 'IN_PROGRESS',
      [second.id]: 'FAILED',
    });
    const progress = await api(learner).learning.progress({ enrollmentId: enrolled.enrollment.id });
    expect(progress.status).toBe('FAILED');
  });

  it('answers NOT_FOUND without an enrolment in the course track, or for an unknown course', async () => {
    const { first } = await trackWithCourses();
    const learner = await employee();
    expect(await failure(api(learner).learning.startCourse({ courseId: first.id }))).toMatchObject({
      code: 'NOT_FOUND',
      domain: 'ENROLLMENT.NOT_FOUND',
    });
    expect(
      await failure(api(learner).learning.completeCourse({ courseId: first.id })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      domain: 'ENROLLMENT.NOT_FOUND',
    });
    expect(
      await failure(api(learner).learning.completeCourse({ courseId: crypto.randomUUID() })),
    ).toMatchObject({ code: 'NOT_FOUND', domain: 'COURSE.NOT_FOUND' });
  });

  it('keeps repeated and concurrent completions idempotent', async () => {
    const { track, first, second } = await trackWithCourses();
    const learner = await employee();
    const enrolled = await api(learner).learning.enroll({ trackId: track.id });
    await api(learner).learning.completeCourse({ courseId: first.id });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        api(learner).learning.completeCourse({ courseId: second.id }),
      ),
    );
    expect(results.every((r) => r.status === 'COMPLETED')).toBe(true);
    expect(new Set(results.map((r) => r.completedAt)).size).toBe(1);
    const [row] = await sql<{ completedAt: Date; updatedAt: Date }>(
      `select completed_at as "completedAt", updated_at as "updatedAt" from course_progress
        where enrollment_id = ? and course_id = ?`,
      [enrolled.enrollment.id, second.id],
    );
    const again = await api(learner).learning.completeCourse({ courseId: second.id });
    expect(again.completedAt).toBe(results[0]?.completedAt);
    const [after] = await sql<{ completedAt: Date; updatedAt: Date }>(
      `select completed_at as "completedAt", updated_at as "updatedAt" from course_progress
        where enrollment_id = ? and course_id = ?`,
      [enrolled.enrollment.id, second.id],
    );
    expect(after).toEqual(row);
  });

  it('completes the track when its last two courses are completed at the same moment', async () => {
    const { track, first, second } = await trackWithCourses();
    const learner = await employee();
    const { enrollment } = await api(learner).learning.enroll({ trackId: track.id });
    const now = new Date();
    // Hold the first completion's transaction open until the second one has run as far as it
    // can: the second must wait for the first and then see its row, or neither would see the
    // other's course as completed.
    const gate = Promise.withResolvers<void>();
    const firstDone = Promise.withResolvers<void>();
    const one = db.em().transactional(async (tx) => {
      await advanceCourse(tx, enrollment.id, first.id, 'COMPLETED', now);
      firstDone.resolve();
      await gate.promise;
    });
    await firstDone.promise;
    const two = db
      .em()
      .transactional((tx) => advanceCourse(tx, enrollment.id, second.id, 'COMPLETED', now));
    await new Promise((resolve) => setTimeout(resolve, 300));
    gate.resolve();
    const [, result] = await Promise.all([one, two]);
    expect(result.trackCompleted).toBe(true);
    expect(
      (await api(learner).learning.progress({ enrollmentId: enrollment.id })).completedAt,
    ).not.toBeNull();
  });
});

describe('learning.progress and learning.myTracks', () => {
  it('shows an enrolment to its learner, their client admin and staff only', async () => {
    const { track } = await trackWithCourses();
    const learner = await employee(orgA);
    const enrolled = await api(learner).learning.enroll({ trackId: track.id });
    const input = { enrollmentId: enrolled.enrollment.id };

    const allowed = [
      learner,
      await makeUser(db.em(), 'ADMIN', orgA),
      await makeUser(db.em(), 'CUSTOMER_SUCCESS'),
      await makeUser(db.em(), 'PLATFORM_ADMIN'),
    ];
    for (const user of allowed) {
      expect((await api(user).learning.progress(input)).id).toBe(enrolled.enrollment.id);
    }
    const denied = [
      await employee(orgA),
      await makeUser(db.em(), 'INVESTIGATOR', orgA),
      await makeUser(db.em(), 'ADMIN', orgB),
    ];
    for (const user of denied) {
      expect(await failure(api(user).learning.progress(input))).toEqual({
        code: 'NOT_FOUND',
        domain: 'ENROLLMENT.NOT_FOUND',
        message: 'No such enrolment',
      });
    }
    expect(
      await failure(api(learner).learning.progress({ enrollmentId: crypto.randomUUID() })),
    ).toMatchObject({ code: 'NOT_FOUND', message: 'No such enrolment' });
    expect(await failure(api(null).learning.myTracks())).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it("lists only the caller's own enrolments", async () => {
    const { track } = await trackWithCourses();
    const other = await trackWithCourses();
    const learner = await employee();
    const neighbour = await employee();
    await api(learner).learning.enroll({ trackId: track.id });
    await api(neighbour).learning.enroll({ trackId: other.track.id });
    const mine = await api(learner).learning.myTracks();
    expect(mine.map((e) => e.track.id)).toEqual([track.id]);
    expect(mine.every((e) => e.userId === learner.id)).toBe(true);
  });
});

/** The stored snapshot next to trackProgress of the source rows (what learning.progress shows). */
async function compare(user: SessionUser, enrollmentId: string) {
  const live = await api(user).learning.progress({ enrollmentId });
  const [stored] = await sql<{ total: number; done: number; complete: boolean }>(
    `select required_total as total, required_completed as done, completed_at is not null as complete
       from enrollment where id = ?`,
    [enrollmentId],
  );
  return {
    stored,
    live: {
      total: live.requiredTotal,
      done: live.requiredCompleted,
      complete: live.status === 'COMPLETED',
    },
  };
}

describe('the progress snapshot on the enrolment', () => {
  it('follows trackProgress through start, complete, course archive and restore, required flips and new required courses', async () => {
    const { track, first, second, optional, archived } = await trackWithCourses();
    const catalog = api(await makeUser(db.em(), 'IMPLEMENTATION_MANAGER')).catalog;
    const learner = await employee();
    const other = await employee();
    const mine = (await api(learner).learning.enroll({ trackId: track.id })).enrollment.id;
    const theirs = (await api(other).learning.enroll({ trackId: track.id })).enrollment.id;
    const me = api(learner).learning;

    /** Both enrolments' snapshots equal the live rule, and are [total, done, complete]. */
    const expectSnapshots = async (
      step: string,
      expectedMine: [number, number, boolean],
      expectedTheirs: [number, number, boolean],
    ) => {
      for (const [user, id, expected] of [
        [learner, mine, expectedMine],
        [other, theirs, expectedTheirs],
      ] as const) {
        const { stored, live } = await compare(user, id);
        expect(stored, step).toEqual(live);
        expect([live.total, live.done, live.complete], step).toEqual(expected);
      }
    };

    await expectSnapshots('enrolled', [2, 0, false], [2, 0, false]);
    await me.startCourse({ courseId: first.id });
    await expectSnapshots('first started', [2, 0, false], [2, 0, false]);
    await me.completeCourse({ courseId: first.id });
    await expectSnapshots('first completed', [2, 1, false], [2, 0, false]);
    await me.completeCourse({ courseId: optional.id });
    await expectSnapshots('optional completed', [2, 1, false], [2, 0, false]);
    await me.completeCourse({ courseId: second.id });
    await expectSnapshots('second completed', [2, 2, true], [2, 0, false]);

    const late = await catalog.createCourse({
      trackId: track.id,
      name: 'Late addition',
      contentUrl: 'https://learn.example.test/late',
      estimatedMinutes: 10,
    });
    await expectSnapshots('new required course', [3, 2, false], [3, 0, false]);
    await catalog.removeCourse({ id: late.id });
    await expectSnapshots('new course archived', [2, 2, true], [2, 0, false]);
    await catalog.removeCourse({ id: first.id });
    await expectSnapshots('a completed course archived', [1, 1, true], [1, 0, false]);
    await catalog.updateCourse({ id: archived.id, isActive: true });
    await expectSnapshots('an archived course restored', [2, 1, false], [2, 0, false]);
    await catalog.updateCourse({ id: archived.id, isRequired: false });
    await expectSnapshots('made optional', [1, 1, true], [1, 0, false]);
    await catalog.updateCourse({ id: optional.id, isRequired: true });
    await expectSnapshots('a completed optional course made required', [2, 2, true], [2, 0, false]);
    await catalog.updateCourse({ id: first.id, isActive: true });
    await expectSnapshots('the first course restored', [3, 3, true], [3, 0, false]);
  });

  it('starts at 0 / 0 in a track without required courses', async () => {
    const track = await makeTrack(db.em());
    await makeCourse(db.em(), track, { isRequired: false });
    const learner = await employee();
    const { enrollment } = await api(learner).learning.enroll({ trackId: track.id });
    const { stored, live } = await compare(learner, enrollment.id);
    expect(stored).toEqual({ total: 0, done: 0, complete: false });
    expect(stored).toEqual(live);
  });

  it("is what the migration's backfill computes from the source rows", async () => {
    // Every enrolment the tests above left behind, in all their states: the backfill's SQL and
    // recomputeCompletion must agree on each of them.
    const snapshot = () =>
      sql<{ id: string; total: number; done: number }>(
        `select id, required_total as total, required_completed as done from enrollment order by id`,
      );
    await sql('update enrollment set required_total = 0, required_completed = 0');
    await sql(BACKFILL_ENROLLMENT_PROGRESS);
    const backfilled = await snapshot();
    expect(backfilled.length).toBeGreaterThan(20);
    expect(backfilled.some((r) => r.done > 0 && r.done < r.total)).toBe(true);
    await sql('update enrollment set required_total = 0, required_completed = 0');
    await db
      .em()
      .transactional((tx) =>
        recomputeCompletion(tx, { enrollmentIds: backfilled.map((r) => r.id) }, new Date()),
      );
    expect(await snapshot()).toEqual(backfilled);
  });
});

describe('hidden tracks', () => {
  it('answers a client user enrolling in an INTERNAL track exactly like a missing track', async () => {
    const db2 = await createTestDatabase();
    try {
      const org = await makeOrganization(db2.em());
      const learner = await makeUser(db2.em(), 'EMPLOYEE', org);
      const admin = await makeUser(db2.em(), 'ADMIN', org);
      const internal = await makeTrack(db2.em(), { type: 'INTERNAL' });
      await expect(
        callerFor(db2.em(), learner).learning.enroll({ trackId: internal.id }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'No such track',
      });
      await expect(
        callerFor(db2.em(), admin).learning.bulkEnroll({
          trackId: internal.id,
          emails: [learner.email],
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await db2.close();
    }
  });
});
