import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveQuizInput } from '@credence/domain';
import type { SessionUser } from '../src/context.ts';
import { DEMO_TRACKS, seedCatalog } from '../src/db/seed/catalog.ts';
import { CourseProgress, Enrollment } from '../src/modules/learning/entities.ts';
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
let admin: SessionUser;
let manager: SessionUser;
let success: SessionUser;
let employee: SessionUser;
let investigator: SessionUser;
let clientAdmin: SessionUser;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.em();
  const org = await makeOrganization(em);
  admin = await makeUser(em, 'PLATFORM_ADMIN');
  manager = await makeUser(em, 'IMPLEMENTATION_MANAGER');
  success = await makeUser(em, 'CUSTOMER_SUCCESS');
  employee = await makeUser(em, 'EMPLOYEE', org);
  investigator = await makeUser(em, 'INVESTIGATOR', org);
  clientAdmin = await makeUser(em, 'ADMIN', org);
});
afterAll(async () => {
  await db.close();
});

/** A fresh caller per call, as separate HTTP requests would have. */
const as = (user: SessionUser | null) => callerFor(db.em(), user);

let counter = 0;
const slug = (prefix = 'track') => `${prefix}-${Date.now().toString(36)}-${++counter}`;

const newTrack = (overrides: Record<string, unknown> = {}) =>
  as(admin).catalog.createTrack({
    slug: slug(),
    name: 'Whistleblowing Basics',
    type: 'CLIENT_EMPLOYEE',
    level: 'FOUNDATION',
    ...overrides,
  });

const newCourse = (trackId: string, overrides: Record<string, unknown> = {}) =>
  as(admin).catalog.createCourse({
    trackId,
    name: `Course ${++counter}`,
    contentUrl: 'https://learn.example.test/course',
    estimatedMinutes: 30,
    ...overrides,
  });

/** The tRPC code a call failed with. */
async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as { code?: string }).code ?? 'UNKNOWN';
  }
  return 'ok';
}

/** The domain code (e.g. TRACK.ARCHIVED) a call failed with, or its tRPC code. */
async function domainCodeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const { code, cause } = error as { code?: string; cause?: { code?: unknown } };
    return typeof cause?.code === 'string' ? cause.code : (code ?? 'UNKNOWN');
  }
  return 'ok';
}

/** Every object key anywhere in a response. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      keysOf(item, into);
    }
  }
  return into;
}

async function auditRows(action: string, targetId: string) {
  return db
    .em()
    .execute<{ actor_id: string; details: Record<string, unknown> }[]>(
      'select actor_id, details from audit_log where action = ? and target_id = ? order by id',
      [action, targetId],
    );
}

const clients = () => [employee, investigator, clientAdmin];
const idsOf = (list: { id: string }[]) => list.map((t) => t.id);

async function trackWithCourses(n: number) {
  const track = await newTrack();
  const courses = [];
  for (let i = 0; i < n; i++) courses.push(await newCourse(track.id));
  return { track, ids: courses.map((c) => c.id) };
}
const order = async (trackId: string) =>
  (await as(admin).catalog.getTrack({ id: trackId })).courses
    .filter((c) => c.isActive)
    .map((c) => c.id);

const question = (overrides: Record<string, unknown> = {}) => ({
  type: 'SINGLE_CHOICE',
  prompt: 'Who may see an anonymous reporter’s identity?',
  options: [
    { id: 'a', text: 'Nobody, it is not collected' },
    { id: 'b', text: 'The investigator' },
    { id: 'c', text: 'The reporter’s manager' },
  ],
  correctOptionIds: ['a'],
  ...overrides,
});
const quizInput = (courseId: string, overrides: Record<string, unknown> = {}) => ({
  courseId,
  questions: [
    question(),
    question({
      type: 'TRUE_FALSE',
      prompt: 'Reports can be made by phone.',
      options: [
        { id: 'true', text: 'True' },
        { id: 'false', text: 'False' },
      ],
      correctOptionIds: ['true'],
    }),
    question({
      type: 'MULTI_SELECT',
      prompt: 'Which are intake channels?',
      options: [
        { id: 'web', text: 'Web' },
        { id: 'phone', text: 'Phone' },
        { id: 'fax', text: 'Carrier pigeon' },
      ],
      correctOptionIds: ['web', 'phone'],
    }),
  ],
  ...overrides,
});
const saveQuiz = (input: unknown) =>
  as(admin).catalog.saveQuiz(input as Parameters<ReturnType<typeof as>['catalog']['saveQuiz']>[0]);

async function freshCourse() {
  const track = await newTrack();
  return newCourse(track.id);
}

describe('tracks', () => {
  it('creates, reads and updates a track; the DTO has the derived fields', async () => {
    const created = await newTrack({ description: 'For everyone', requiredForGoLive: true });
    expect(created).toMatchObject({
      name: 'Whistleblowing Basics',
      description: 'For everyone',
      type: 'CLIENT_EMPLOYEE',
      level: 'FOUNDATION',
      isActive: true,
      requiredForGoLive: true,
      estimatedHours: 0,
      estimatedHoursDerived: true,
      version: '1.0',
      versionMajor: 1,
      versionMinor: 0,
      sortOrder: 0,
      certificateValidityMonths: 24,
      courses: [],
    });
    expect(await auditRows('track.created', created.id)).toHaveLength(1);

    const updated = await as(manager).catalog.updateTrack({
      id: created.id,
      name: 'Speak-up Basics',
      level: 'PRACTITIONER',
      estimatedHours: 3,
      certificateValidityMonths: 12,
    });
    expect(updated).toMatchObject({
      name: 'Speak-up Basics',
      level: 'PRACTITIONER',
      estimatedHours: 3,
      estimatedHoursDerived: false,
      certificateValidityMonths: 12,
      description: 'For everyone',
    });
    expect(await as(employee).catalog.getTrack({ id: created.id })).toEqual(updated);
    const back = await as(admin).catalog.updateTrack({ id: created.id, estimatedHours: null });
    expect(back).toMatchObject({ estimatedHours: 0, estimatedHoursDerived: true });
  });

  it('derives estimated hours from the active courses, rounding up', async () => {
    const track = await newTrack();
    await newCourse(track.id, { estimatedMinutes: 50 });
    await newCourse(track.id, { estimatedMinutes: 40 });
    const archived = await newCourse(track.id, { estimatedMinutes: 600 });
    await as(admin).catalog.removeCourse({ id: archived.id });
    const dto = await as(admin).catalog.getTrack({ id: track.id });
    expect(dto).toMatchObject({ estimatedHours: 2, estimatedHoursDerived: true });
    expect(dto.courses).toHaveLength(3);
    expect(dto.courses.at(-1)).toMatchObject({ id: archived.id, isActive: false });
  });

  it('rejects a taken slug with CONFLICT, also when two creates race', async () => {
    const first = await newTrack();
    expect(await codeOf(newTrack({ slug: first.slug }))).toBe('CONFLICT');
    const other = await newTrack();
    expect(await codeOf(as(admin).catalog.updateTrack({ id: other.id, slug: first.slug }))).toBe(
      'CONFLICT',
    );
    // Keeping its own slug is no conflict.
    await as(admin).catalog.updateTrack({ id: first.id, slug: first.slug });

    const raced = slug('race');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => codeOf(newTrack({ slug: raced }))),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'CONFLICT')).toHaveLength(5);
    const [row] = await db
      .em()
      .execute<{ n: number }[]>('select count(*)::int as n from track where slug = ?', [raced]);
    expect(row?.n).toBe(1);
  });

  it('archives without deleting; archived tracks are hidden from learners and by default', async () => {
    const track = await newTrack();
    await newCourse(track.id);
    const archived = await as(admin).catalog.archiveTrack({ id: track.id });
    expect(archived.isActive).toBe(false);
    expect(await auditRows('track.archived', track.id)).toHaveLength(1);
    // Archiving again is harmless and not logged twice.
    await as(admin).catalog.archiveTrack({ id: track.id });
    expect(await auditRows('track.archived', track.id)).toHaveLength(1);
    const [row] = await db
      .em()
      .execute<{ is_active: boolean; courses: number }[]>(
        'select is_active, (select count(*)::int from course where track_id = t.id) as courses from track t where id = ?',
        [track.id],
      );
    expect(row).toEqual({ is_active: false, courses: 1 });

    expect(idsOf(await as(admin).catalog.listTracks())).not.toContain(track.id);
    expect(idsOf(await as(admin).catalog.listTracks({ includeArchived: true }))).toContain(
      track.id,
    );
    expect((await as(admin).catalog.getTrack({ id: track.id })).isActive).toBe(false);
    for (const learner of [employee, investigator, clientAdmin]) {
      expect(idsOf(await as(learner).catalog.listTracks({ includeArchived: true }))).not.toContain(
        track.id,
      );
      expect(await codeOf(as(learner).catalog.getTrack({ id: track.id }))).toBe('NOT_FOUND');
    }
  });

  it('shows learners only active CLIENT_* tracks and their active courses', async () => {
    const internal = await newTrack({ type: 'INTERNAL', level: 'EXPERT' });
    const investigators = await newTrack({ type: 'CLIENT_INVESTIGATOR' });
    const kept = await newCourse(investigators.id);
    const dropped = await newCourse(investigators.id);
    await as(admin).catalog.removeCourse({ id: dropped.id });

    const list = await as(employee).catalog.listTracks();
    expect(list.map((t) => t.id)).toContain(investigators.id);
    expect(list.map((t) => t.id)).not.toContain(internal.id);
    expect(list.every((t) => t.isActive && t.type.startsWith('CLIENT_'))).toBe(true);
    expect(list.flatMap((t) => t.courses).every((c) => c.isActive)).toBe(true);
    expect(await codeOf(as(employee).catalog.getTrack({ id: internal.id }))).toBe('NOT_FOUND');
    const seen = await as(investigator).catalog.getTrack({ id: investigators.id });
    expect(seen.courses.map((c) => c.id)).toEqual([kept.id]);
    expect((await as(employee).catalog.listTracks({ type: 'INTERNAL' })).length).toBe(0);

    const staffView = await as(success).catalog.getTrack({ id: investigators.id });
    expect(staffView.courses.map((c) => c.id)).toEqual([kept.id, dropped.id]);
    expect((await as(success).catalog.listTracks({ type: 'INTERNAL' })).map((t) => t.id)).toContain(
      internal.id,
    );
  });

  it('answers NOT_FOUND for unknown tracks and BAD_REQUEST for unknown keys or bad values', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const before = await db.rowCounts();
    expect(await codeOf(as(admin).catalog.getTrack({ id: missing }))).toBe('NOT_FOUND');
    expect(await codeOf(as(admin).catalog.updateTrack({ id: missing, name: 'x' }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(as(admin).catalog.archiveTrack({ id: missing }))).toBe('NOT_FOUND');
    expect(await codeOf(newTrack({ isActive: false }))).toBe('BAD_REQUEST');
    expect(await codeOf(newTrack({ slug: 'Not A Slug' }))).toBe('BAD_REQUEST');
    expect(await codeOf(newTrack({ type: 'PUBLIC' }))).toBe('BAD_REQUEST');
    expect(
      await codeOf(as(admin).catalog.listTracks({ includeArchived: true, all: 1 } as never)),
    ).toBe('BAD_REQUEST');
    expect(await db.rowCounts()).toEqual(before);
  });
});

async function enrolledTrack() {
  const track = await newTrack({ type: 'CLIENT_EMPLOYEE' });
  await newCourse(track.id);
  await as(employee).learning.enroll({ trackId: track.id });
  return track;
}

describe('track type', () => {
  it('changes while the track has neither enrolments nor training assignments', async () => {
    const track = await newTrack({ type: 'CLIENT_EMPLOYEE' });
    await newCourse(track.id);
    const changed = await as(admin).catalog.updateTrack({ id: track.id, type: 'INTERNAL' });
    expect(changed.type).toBe('INTERNAL');
  });

  it('refuses TRACK.IN_USE once anyone is enrolled, and changes nothing', async () => {
    const track = await enrolledTrack();
    const before = await as(admin).catalog.getTrack({ id: track.id });
    const call = as(admin).catalog.updateTrack({
      id: track.id,
      type: 'CLIENT_INVESTIGATOR',
      name: 'Renamed',
    });
    await expect(call).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/enrolments or training assignments/),
    });
    expect(
      await domainCodeOf(as(admin).catalog.updateTrack({ id: track.id, type: 'INTERNAL' })),
    ).toBe('TRACK.IN_USE');
    expect(await as(admin).catalog.getTrack({ id: track.id })).toEqual(before);
    // The same type again, or any other field, is no change of type.
    const renamed = await as(admin).catalog.updateTrack({
      id: track.id,
      type: 'CLIENT_EMPLOYEE',
      name: 'Renamed',
    });
    expect(renamed).toMatchObject({ type: 'CLIENT_EMPLOYEE', name: 'Renamed' });
  });

  it('refuses TRACK.IN_USE when a project has the track assigned, even without enrolments', async () => {
    const track = await newTrack({ type: 'CLIENT_ADMIN' });
    const org = await makeOrganization(db.em());
    const project = await as(admin).projects.create({
      organizationId: org.id,
      name: 'Go-live',
      goLiveDate: '2027-06-30',
    });
    await as(admin).projects.assignTraining({
      projectId: project.id,
      trackId: track.id,
      targetRole: 'ADMIN',
      requiredCompletions: 2,
    });
    expect(
      await domainCodeOf(as(admin).catalog.updateTrack({ id: track.id, type: 'CLIENT_EMPLOYEE' })),
    ).toBe('TRACK.IN_USE');
    expect((await as(admin).catalog.getTrack({ id: track.id })).type).toBe('CLIENT_ADMIN');
  });

  it('never lets an enrolment and a change of type both succeed when they race', async () => {
    for (let round = 0; round < 5; round++) {
      const track = await newTrack({ type: 'CLIENT_EMPLOYEE' });
      await newCourse(track.id);
      const learner = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
      const [enrolled, changed] = await Promise.all([
        codeOf(as(learner).learning.enroll({ trackId: track.id })),
        codeOf(as(admin).catalog.updateTrack({ id: track.id, type: 'INTERNAL' })),
      ]);
      expect([enrolled, changed]).not.toEqual(['ok', 'ok']);
      const [row] = await db
        .em()
        .execute<{ type: string; n: number }[]>(
          'select t.type, (select count(*)::int from enrollment e where e.track_id = t.id) as n from track t where t.id = ?',
          [track.id],
        );
      expect(row?.type === 'INTERNAL' ? row.n : 0).toBe(0);
    }
  });
});

describe('archived tracks keep their courses and quizzes as they are', () => {
  it('refuses every course and quiz write with TRACK.ARCHIVED and writes nothing', async () => {
    const em = db.em();
    const track = await makeTrack(em);
    const first = await makeCourse(em, track, { sortOrder: 1 });
    const second = await makeCourse(em, track, { sortOrder: 2 });
    await saveQuiz(quizInput(second.id));
    const learner = await makeUser(em, 'EMPLOYEE', await makeOrganization(em));
    await as(learner).learning.enroll({ trackId: track.id });
    await as(learner).learning.completeCourse({ courseId: first.id });
    await em.execute(
      `update course_progress set status = 'COMPLETED', completed_at = now()
        where course_id = ? and enrollment_id = (select id from enrollment where user_id = ?)`,
      [second.id, learner.id],
    );
    await em.execute(
      'update enrollment set completed_at = now(), required_completed = 2 where user_id = ?',
      [learner.id],
    );
    await as(admin).catalog.archiveTrack({ id: track.id });

    const snapshot = async () => ({
      counts: await db.rowCounts(),
      courses: await db
        .em()
        .execute(
          'select id, name, sort_order, is_required, is_active, updated_at from course where track_id = ? order by id',
          [track.id],
        ),
      enrollment: await db
        .em()
        .execute(
          'select completed_at, required_total, required_completed from enrollment where user_id = ?',
          [learner.id],
        ),
      quiz: await as(admin).catalog.getQuiz({ courseId: second.id }),
    });
    const before = await snapshot();
    const writes: [string, () => Promise<unknown>][] = [
      ['createCourse', () => newCourse(track.id)],
      ['updateCourse', () => as(admin).catalog.updateCourse({ id: first.id, name: 'Renamed' })],
      ['make optional', () => as(admin).catalog.updateCourse({ id: first.id, isRequired: false })],
      ['removeCourse', () => as(admin).catalog.removeCourse({ id: first.id })],
      [
        'reorderCourses',
        () =>
          as(manager).catalog.reorderCourses({
            trackId: track.id,
            courseIds: [second.id, first.id],
          }),
      ],
      [
        'saveQuiz',
        () => saveQuiz(quizInput(second.id, { questions: [question({ prompt: 'Changed?' })] })),
      ],
      ['saveQuiz (new quiz)', () => saveQuiz(quizInput(first.id))],
    ];
    for (const [label, write] of writes) {
      expect(`${label}: ${await domainCodeOf(write())}`).toBe(`${label}: TRACK.ARCHIVED`);
      expect(`${label}: ${await codeOf(write())}`).toBe(`${label}: BAD_REQUEST`);
    }
    expect(await snapshot()).toEqual(before);
    expect(before.enrollment).toMatchObject([{ required_completed: 2 }]);
    expect((before.enrollment as { completed_at: unknown }[])[0]?.completed_at).not.toBeNull();
  });
});

describe('text PostgreSQL cannot store', () => {
  it('is a BAD_REQUEST (never a 500) for names, descriptions, prompts and options', async () => {
    const course = await freshCourse();
    const existing = await saveQuiz(quizInput(course.id));
    const before = await db.rowCounts();
    for (const bad of ['a\u0000b', '\u0000', 'a\ud800', '\udc00b']) {
      const label = JSON.stringify(bad);
      expect(`${label}: ${await codeOf(newTrack({ name: bad }))}`).toBe(`${label}: BAD_REQUEST`);
      expect(`${label}: ${await codeOf(newTrack({ description: bad }))}`).toBe(
        `${label}: BAD_REQUEST`,
      );
      expect(
        `${label}: ${await codeOf(as(admin).catalog.updateCourse({ id: course.id, name: bad }))}`,
      ).toBe(`${label}: BAD_REQUEST`);
      expect(
        `${label}: ${await codeOf(
          as(admin).catalog.updateCourse({ id: course.id, contentUrl: `https://a.test/${bad}` }),
        )}`,
      ).toBe(`${label}: BAD_REQUEST`);
      expect(
        `${label}: ${await codeOf(saveQuiz(quizInput(course.id, { questions: [question({ prompt: bad })] })))}`,
      ).toBe(`${label}: BAD_REQUEST`);
      const options = [
        { id: 'a', text: bad },
        { id: 'b', text: 'Fine' },
      ];
      expect(
        `${label}: ${await codeOf(saveQuiz(quizInput(course.id, { questions: [question({ options })] })))}`,
      ).toBe(`${label}: BAD_REQUEST`);
    }
    expect(await db.rowCounts()).toEqual(before);
    expect(await as(admin).catalog.getQuiz({ courseId: course.id })).toEqual(existing);
    // Any other Unicode is kept as given.
    const unicode = await newTrack({ name: 'Éthique 倫理 👋', description: 'ß — “quoted”' });
    expect(unicode).toMatchObject({ name: 'Éthique 倫理 👋', description: 'ß — “quoted”' });
  });
});

describe('access', () => {
  it('lets only PLATFORM_ADMIN and IMPLEMENTATION_MANAGER write, and only staff read quizzes', async () => {
    const track = await newTrack();
    const course = await newCourse(track.id);
    const quiz: SaveQuizInput = {
      courseId: course.id,
      passingScore: 80,
      maxAttempts: null,
      cooldownMinutes: null,
      timeLimitMinutes: null,
      poolSize: null,
      reviewPolicy: 'NEVER_AFTER_FINAL_FAIL',
      questions: [
        {
          type: 'TRUE_FALSE',
          prompt: 'Sky is blue',
          options: [
            { id: 't', text: 'True' },
            { id: 'f', text: 'False' },
          ],
          correctOptionIds: ['t'],
        },
      ],
    };
    type Caller = ReturnType<typeof as>;
    const writes: [string, (c: Caller) => Promise<unknown>][] = [
      [
        'createTrack',
        (c) =>
          c.catalog.createTrack({ slug: slug(), name: 'x', type: 'INTERNAL', level: 'EXPERT' }),
      ],
      ['updateTrack', (c) => c.catalog.updateTrack({ id: track.id, name: 'Renamed' })],
      ['publishVersion', (c) => c.catalog.publishVersion({ id: track.id, bump: 'MINOR' })],
      // Before createCourse, while the track has just the one course.
      [
        'reorderCourses',
        (c) => c.catalog.reorderCourses({ trackId: track.id, courseIds: [course.id] }),
      ],
      [
        'createCourse',
        (c) =>
          c.catalog.createCourse({
            trackId: track.id,
            name: 'x',
            contentUrl: 'https://a.test/',
            estimatedMinutes: 5,
          }),
      ],
      ['updateCourse', (c) => c.catalog.updateCourse({ id: course.id, name: 'Renamed' })],
      ['saveQuiz', (c) => c.catalog.saveQuiz(quiz)],
      ['removeCourse', (c) => c.catalog.removeCourse({ id: course.id })],
      ['archiveTrack', (c) => c.catalog.archiveTrack({ id: track.id })],
    ];
    for (const [name, call] of writes) {
      for (const user of [success, ...clients()]) {
        expect(`${name} as ${user.role}: ${await codeOf(call(as(user)))}`).toBe(
          `${name} as ${user.role}: FORBIDDEN`,
        );
      }
      expect(`${name} anonymous: ${await codeOf(call(as(null)))}`).toBe(
        `${name} anonymous: UNAUTHORIZED`,
      );
    }
    // The same calls succeed for both writer roles (archive last, so the rest still applies).
    for (const [name, call] of writes) {
      for (const writer of [manager, admin]) {
        expect(`${name} as ${writer.role}: ${await codeOf(call(as(writer)))}`).toBe(
          `${name} as ${writer.role}: ok`,
        );
      }
    }

    // Answer keys are for the quiz writers only, not for every staff member.
    for (const user of [success, ...clients()]) {
      expect(await codeOf(as(user).catalog.getQuiz({ courseId: course.id }))).toBe('FORBIDDEN');
    }
    expect(await codeOf(as(null).catalog.getQuiz({ courseId: course.id }))).toBe('UNAUTHORIZED');
    expect(await codeOf(as(null).catalog.listTracks())).toBe('UNAUTHORIZED');
    expect(await codeOf(as(null).catalog.getTrack({ id: track.id }))).toBe('UNAUTHORIZED');
    for (const user of [manager, admin]) {
      expect((await as(user).catalog.getQuiz({ courseId: course.id }))?.questions).toHaveLength(1);
    }
  });

  it('logs denied writes to the audit log', async () => {
    const track = await newTrack();
    await codeOf(as(employee).catalog.archiveTrack({ id: track.id }));
    const rows = await db
      .em()
      .execute<{ n: number }[]>(
        "select count(*)::int as n from audit_log where action = 'access.denied' and actor_id = ? and target_id = 'catalog.archiveTrack'",
        [employee.id],
      );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(1);
  });
});

describe('publishVersion', () => {
  it('bumps MINOR and MAJOR and writes an audit record each time', async () => {
    const track = await newTrack();
    const minor = await as(admin).catalog.publishVersion({ id: track.id, bump: 'MINOR' });
    expect(minor).toMatchObject({ version: '1.1', versionMajor: 1, versionMinor: 1 });
    await as(admin).catalog.publishVersion({ id: track.id, bump: 'MINOR' });
    const major = await as(manager).catalog.publishVersion({ id: track.id, bump: 'MAJOR' });
    expect(major).toMatchObject({ version: '2.0', versionMajor: 2, versionMinor: 0 });
    const minorAgain = await as(admin).catalog.publishVersion({ id: track.id, bump: 'MINOR' });
    expect(minorAgain.version).toBe('2.1');

    const rows = await auditRows('track.version_published', track.id);
    expect(rows.map((r) => [r.details.bump, r.details.version])).toEqual([
      ['MINOR', '1.1'],
      ['MINOR', '1.2'],
      ['MAJOR', '2.0'],
      ['MINOR', '2.1'],
    ]);
    expect(rows[2]?.actor_id).toBe(manager.id);
  });

  it('counts every one of 10 concurrent MINOR publishes', async () => {
    const track = await newTrack();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        as(admin).catalog.publishVersion({ id: track.id, bump: 'MINOR' }),
      ),
    );
    expect(results.every((r) => r.versionMajor === 1)).toBe(true);
    const after = await as(admin).catalog.getTrack({ id: track.id });
    expect(after.version).toBe('1.10');
    const versions = (await auditRows('track.version_published', track.id))
      .map((r) => r.details.versionMinor as number)
      .toSorted((a, b) => a - b);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('refuses archived and unknown tracks', async () => {
    const track = await newTrack();
    await as(admin).catalog.archiveTrack({ id: track.id });
    expect(await codeOf(as(admin).catalog.publishVersion({ id: track.id, bump: 'MAJOR' }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await codeOf(
        as(admin).catalog.publishVersion({
          id: '00000000-0000-4000-8000-000000000000',
          bump: 'MINOR',
        }),
      ),
    ).toBe('NOT_FOUND');
    expect((await as(admin).catalog.getTrack({ id: track.id })).version).toBe('1.0');
    expect(await auditRows('track.version_published', track.id)).toHaveLength(0);
  });
});

describe('courses', () => {
  it('creates courses at the end, updates and archives them', async () => {
    const track = await newTrack();
    const a = await newCourse(track.id, { name: 'Intro', description: 'Start here' });
    expect(a).toMatchObject({
      trackId: track.id,
      name: 'Intro',
      description: 'Start here',
      contentUrl: 'https://learn.example.test/course',
      estimatedMinutes: 30,
      sortOrder: 1,
      isRequired: true,
      isActive: true,
      hasExam: false,
    });
    const b = await newCourse(track.id, { isRequired: false });
    expect(b).toMatchObject({ sortOrder: 2, isRequired: false });
    // Archived courses keep their place, new ones still go last.
    await as(admin).catalog.removeCourse({ id: b.id });
    expect((await newCourse(track.id)).sortOrder).toBe(3);

    const updated = await as(manager).catalog.updateCourse({
      id: a.id,
      name: 'Introduction',
      contentUrl: 'HTTPS://Learn.example.test/intro',
      estimatedMinutes: 45,
      isRequired: false,
    });
    expect(updated).toMatchObject({
      name: 'Introduction',
      contentUrl: 'https://Learn.example.test/intro',
      estimatedMinutes: 45,
      isRequired: false,
    });
    const removed = await as(admin).catalog.removeCourse({ id: a.id });
    expect(removed.isActive).toBe(false);
    const restored = await as(admin).catalog.updateCourse({ id: a.id, isActive: true });
    expect(restored.isActive).toBe(true);
    const [row] = await db
      .em()
      .execute<{ n: number }[]>('select count(*)::int as n from course where track_id = ?', [
        track.id,
      ]);
    expect(row?.n).toBe(3);
  });

  it('gives concurrent creates distinct places at the end', async () => {
    const track = await newTrack();
    const created = await Promise.all(Array.from({ length: 6 }, () => newCourse(track.id)));
    expect(created.map((c) => c.sortOrder).toSorted((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['ftp://files.example.test/course'],
    ['not a url'],
    ['https://user:secret@learn.example.test/'],
  ])('refuses the content URL %s and writes nothing', async (contentUrl) => {
    const track = await newTrack();
    const course = await newCourse(track.id);
    const before = await db.rowCounts();
    expect(await codeOf(newCourse(track.id, { contentUrl }))).toBe('BAD_REQUEST');
    expect(await codeOf(as(admin).catalog.updateCourse({ id: course.id, contentUrl }))).toBe(
      'BAD_REQUEST',
    );
    expect(await db.rowCounts()).toEqual(before);
    expect((await as(admin).catalog.getTrack({ id: track.id })).courses[0]?.contentUrl).toBe(
      'https://learn.example.test/course',
    );
  });

  it('answers NOT_FOUND for unknown tracks and courses', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await codeOf(newCourse(missing))).toBe('NOT_FOUND');
    expect(await codeOf(as(admin).catalog.updateCourse({ id: missing, name: 'x' }))).toBe(
      'NOT_FOUND',
    );
    expect(await codeOf(as(admin).catalog.removeCourse({ id: missing }))).toBe('NOT_FOUND');
  });

  it('recomputes track completion when courses are added, archived or made optional', async () => {
    const em = db.em();
    const track = await makeTrack(em);
    const first = await makeCourse(em, track);
    const learner = await makeUser(em, 'EMPLOYEE', await makeOrganization(em));
    const completedAt = new Date('2026-01-15T10:00:00Z');
    const enrollment = em.create(Enrollment, {
      user: learner.id,
      track,
      completedAt,
    });
    em.create(CourseProgress, {
      enrollment,
      course: first,
      status: 'COMPLETED',
      startedAt: completedAt,
      completedAt,
    });
    await em.flush();
    const completed = async () => {
      const [row] = await db
        .em()
        .execute<{ completed_at: string | Date | null }[]>(
          'select completed_at from enrollment where id = ?',
          [enrollment.id],
        );
      return row?.completed_at ? new Date(row.completed_at).toISOString() : null;
    };

    const second = await newCourse(track.id);
    expect(await completed()).toBeNull();
    await as(admin).catalog.updateCourse({ id: second.id, isRequired: false });
    expect(await completed()).toBe(completedAt.toISOString());
    await as(admin).catalog.updateCourse({ id: second.id, isRequired: true });
    expect(await completed()).toBeNull();
    await as(admin).catalog.removeCourse({ id: second.id });
    expect(await completed()).toBe(completedAt.toISOString());
    // An optional course never blocks.
    await newCourse(track.id, { isRequired: false });
    expect(await completed()).toBe(completedAt.toISOString());
  });
});

describe('reorderCourses', () => {
  it('applies a complete new order', async () => {
    const { track, ids } = await trackWithCourses(4);
    const wanted = ids.toReversed();
    const dto = await as(manager).catalog.reorderCourses({ trackId: track.id, courseIds: wanted });
    expect(dto.courses.map((c) => c.id)).toEqual(wanted);
    expect(dto.courses.map((c) => c.sortOrder)).toEqual([1, 2, 3, 4]);
    expect(await order(track.id)).toEqual(wanted);
    expect(
      (await as(employee).catalog.getTrack({ id: track.id })).courses.map((c) => c.id),
    ).toEqual(wanted);
  });

  it('refuses anything but exactly the active courses, and changes nothing', async () => {
    const { track, ids } = await trackWithCourses(3);
    const [a = '', b = '', c = ''] = ids;
    const archived = await newCourse(track.id);
    await as(admin).catalog.removeCourse({ id: archived.id });
    const elsewhere = await newCourse((await newTrack()).id);
    const cases: [string, string[], string][] = [
      ['one missing', [c, b], 'BAD_REQUEST'],
      ['an archived course', [c, b, a, archived.id], 'BAD_REQUEST'],
      ['a course of another track', [c, b, elsewhere.id], 'BAD_REQUEST'],
      ['an extra course of another track', [c, b, a, elsewhere.id], 'BAD_REQUEST'],
      ['an unknown id', [c, b, '00000000-0000-4000-8000-000000000000'], 'BAD_REQUEST'],
      ['a duplicate', [c, b, b], 'BAD_REQUEST'],
      ['nothing', [], 'BAD_REQUEST'],
    ];
    const before = await db
      .em()
      .execute('select id, sort_order, updated_at from course order by id');
    for (const [label, courseIds, expected] of cases) {
      expect(
        `${label}: ${await codeOf(as(admin).catalog.reorderCourses({ trackId: track.id, courseIds }))}`,
      ).toBe(`${label}: ${expected}`);
    }
    await expect(
      as(admin).catalog.reorderCourses({ trackId: track.id, courseIds: [c, b] }),
    ).rejects.toThrow(/every active course/);
    expect(
      await db.em().execute('select id, sort_order, updated_at from course order by id'),
    ).toEqual(before);
    expect(await order(track.id)).toEqual(ids);
    expect(
      await codeOf(
        as(admin).catalog.reorderCourses({
          trackId: '00000000-0000-4000-8000-000000000000',
          courseIds: ids,
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('serialises concurrent re-orders: the result is one of them, never a mix', async () => {
    for (let round = 0; round < 5; round++) {
      const { track, ids } = await trackWithCourses(6);
      const one = ids.toReversed();
      const two = [...ids.slice(3), ...ids.slice(0, 3)];
      await Promise.all([
        as(admin).catalog.reorderCourses({ trackId: track.id, courseIds: one }),
        as(manager).catalog.reorderCourses({ trackId: track.id, courseIds: two }),
      ]);
      const final = await order(track.id);
      expect([one, two]).toContainEqual(final);
    }
  });
});

describe('quizzes', () => {
  it('saves a quiz and shows it with its keys to quiz writers only', async () => {
    const course = await freshCourse();
    expect(await as(admin).catalog.getQuiz({ courseId: course.id })).toBeNull();
    const saved = await saveQuiz(quizInput(course.id, { maxAttempts: 3, poolSize: 2 }));
    expect(saved).toMatchObject({
      courseId: course.id,
      passingScore: 80,
      maxAttempts: 3,
      cooldownMinutes: null,
      timeLimitMinutes: null,
      poolSize: 2,
      reviewPolicy: 'NEVER_AFTER_FINAL_FAIL',
    });
    expect(saved.questions.map((q) => [q.position, q.type, q.correctOptionIds])).toEqual([
      [1, 'SINGLE_CHOICE', ['a']],
      [2, 'TRUE_FALSE', ['true']],
      [3, 'MULTI_SELECT', ['web', 'phone']],
    ]);
    expect(saved.questions[0]?.options).toEqual([
      { id: 'a', text: 'Nobody, it is not collected' },
      { id: 'b', text: 'The investigator' },
      { id: 'c', text: 'The reporter’s manager' },
    ]);
    expect(await as(manager).catalog.getQuiz({ courseId: course.id })).toEqual(saved);
    expect(await codeOf(as(success).catalog.getQuiz({ courseId: course.id }))).toBe('FORBIDDEN');
    expect(await codeOf(as(employee).catalog.getQuiz({ courseId: course.id }))).toBe('FORBIDDEN');
    expect(await auditRows('quiz.saved', saved.id)).toHaveLength(1);

    // hasExam follows the quiz, and learner-facing track DTOs carry no answer keys.
    const learnerView = await as(employee).catalog.getTrack({ id: course.trackId });
    expect(learnerView.courses[0]?.hasExam).toBe(true);
    const keys = keysOf([learnerView, await as(employee).catalog.listTracks()]);
    expect([...keys].filter((k) => /correct|answer|key|option|question/i.test(k))).toEqual([]);
  });

  it('keeps answer keys only in quiz_answer_key, never in the options learners see', async () => {
    const course = await freshCourse();
    const saved = await saveQuiz(quizInput(course.id));
    const questions = await db
      .em()
      .execute<{ id: string; options: Record<string, unknown>[] }[]>(
        'select qq.id, qq.options from quiz_question qq join quiz q on q.id = qq.quiz_id where q.course_id = ?',
        [course.id],
      );
    expect(questions).toHaveLength(3);
    for (const q of questions) {
      for (const option of q.options)
        expect(Object.keys(option).toSorted()).toEqual(['id', 'text']);
    }
    const keys = await db
      .em()
      .execute<{ question_id: string; correct_option_ids: string[] }[]>(
        'select question_id, correct_option_ids from quiz_answer_key where question_id in (?)',
        [questions.map((q) => q.id)],
      );
    expect(keys).toHaveLength(3);
    const byQuestion = new Map(keys.map((k) => [k.question_id, k.correct_option_ids]));
    for (const q of saved.questions) expect(byQuestion.get(q.id)).toEqual(q.correctOptionIds);
  });

  it('replaces questions and keys when saved again', async () => {
    const course = await freshCourse();
    const first = await saveQuiz(quizInput(course.id));
    const second = await saveQuiz(
      quizInput(course.id, {
        passingScore: 70,
        timeLimitMinutes: 20,
        reviewPolicy: 'ALWAYS',
        questions: [
          question({ prompt: 'Only question', correctOptionIds: ['c'] }),
          question({
            type: 'MULTI_SELECT',
            prompt: 'Second',
            correctOptionIds: ['a', 'b'],
          }),
        ],
      }),
    );
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({
      passingScore: 70,
      timeLimitMinutes: 20,
      reviewPolicy: 'ALWAYS',
    });
    expect(second.questions.map((q) => [q.prompt, q.correctOptionIds])).toEqual([
      ['Only question', ['c']],
      ['Second', ['a', 'b']],
    ]);
    const oldIds = first.questions.map((q) => q.id);
    expect(second.questions.some((q) => oldIds.includes(q.id))).toBe(false);
    const [left] = await db.em().execute<{ questions: number; keys: number; quizzes: number }[]>(
      `select (select count(*)::int from quiz_question where id in (?)) as questions,
              (select count(*)::int from quiz_answer_key where question_id in (?)) as keys,
              (select count(*)::int from quiz where course_id = ?) as quizzes`,
      [oldIds, oldIds, course.id],
    );
    expect(left).toEqual({ questions: 0, keys: 0, quizzes: 1 });
    expect(await as(admin).catalog.getQuiz({ courseId: course.id })).toEqual(second);
  });

  it('serialises two concurrent saves of one quiz', async () => {
    const course = await freshCourse();
    const inputs = [
      quizInput(course.id, { questions: [question({ prompt: 'One' })] }),
      quizInput(course.id, {
        questions: [question({ prompt: 'Two' }), question({ prompt: 'Three' })],
      }),
    ];
    await Promise.all(inputs.map((input) => saveQuiz(input)));
    const quiz = await as(admin).catalog.getQuiz({ courseId: course.id });
    expect([['One'], ['Two', 'Three']]).toContainEqual(quiz?.questions.map((q) => q.prompt));
  });

  const invalid: [string, (courseId: string) => unknown, string][] = [
    ['no questions', (id) => quizInput(id, { questions: [] }), 'BAD_REQUEST'],
    [
      'duplicate option ids',
      (id) =>
        quizInput(id, {
          questions: [
            question({
              options: [
                { id: 'a', text: 'One' },
                { id: 'a', text: 'Two' },
              ],
            }),
          ],
        }),
      'BAD_REQUEST',
    ],
    [
      'duplicate option texts',
      (id) =>
        quizInput(id, {
          questions: [
            question({
              options: [
                { id: 'a', text: 'Same' },
                { id: 'b', text: 'same ' },
              ],
            }),
          ],
        }),
      'BAD_REQUEST',
    ],
    [
      'a correct id that is not an option',
      (id) => quizInput(id, { questions: [question({ correctOptionIds: ['z'] })] }),
      'BAD_REQUEST',
    ],
    [
      'no correct option',
      (id) => quizInput(id, { questions: [question({ correctOptionIds: [] })] }),
      'BAD_REQUEST',
    ],
    [
      'two correct options for SINGLE_CHOICE',
      (id) => quizInput(id, { questions: [question({ correctOptionIds: ['a', 'b'] })] }),
      'BAD_REQUEST',
    ],
    [
      'two correct options for TRUE_FALSE',
      (id) =>
        quizInput(id, {
          questions: [
            question({
              type: 'TRUE_FALSE',
              options: [
                { id: 't', text: 'True' },
                { id: 'f', text: 'False' },
              ],
              correctOptionIds: ['t', 'f'],
            }),
          ],
        }),
      'BAD_REQUEST',
    ],
    [
      'three options for TRUE_FALSE',
      (id) => quizInput(id, { questions: [question({ type: 'TRUE_FALSE' })] }),
      'BAD_REQUEST',
    ],
    ['a pool larger than the questions', (id) => quizInput(id, { poolSize: 4 }), 'BAD_REQUEST'],
    ['a passing score over 100', (id) => quizInput(id, { passingScore: 101 }), 'BAD_REQUEST'],
    [
      'an answer key smuggled into an option',
      (id) =>
        quizInput(id, {
          questions: [
            question({
              options: [
                { id: 'a', text: 'One', correct: true },
                { id: 'b', text: 'Two' },
              ],
            }),
          ],
        }),
      'BAD_REQUEST',
    ],
    ['an unknown key', (id) => quizInput(id, { published: true }), 'BAD_REQUEST'],
    ['an unknown course', () => quizInput('00000000-0000-4000-8000-000000000000'), 'NOT_FOUND'],
  ];

  it.each(invalid)('rejects %s and writes nothing', async (_label, input, expected) => {
    const course = await freshCourse();
    const existing = await saveQuiz(quizInput(course.id));
    const before = await db.rowCounts();
    expect(await codeOf(saveQuiz(input(course.id)))).toBe(expected);
    expect(await db.rowCounts()).toEqual(before);
    expect(await as(admin).catalog.getQuiz({ courseId: course.id })).toEqual(existing);
  });

  it('answers NOT_FOUND for the quiz of an unknown course', async () => {
    expect(
      await codeOf(as(admin).catalog.getQuiz({ courseId: '00000000-0000-4000-8000-000000000000' })),
    ).toBe('NOT_FOUND');
  });
});

describe('demo catalog', () => {
  it('seeds four active tracks with courses and a valid quiz on each last course', async () => {
    await db.em().transactional((tx) => seedCatalog(tx));
    const tracks = await as(admin).catalog.listTracks();
    const bySlug = new Map(tracks.map((t) => [t.slug, t]));
    expect(
      DEMO_TRACKS.map((d) => {
        const t = bySlug.get(d.track.slug);
        return [t?.slug, t?.type, t?.level, t?.requiredForGoLive, t?.isActive];
      }),
    ).toEqual([
      ['ethics-hotline-foundations', 'CLIENT_EMPLOYEE', 'FOUNDATION', false, true],
      ['case-investigation-practitioner', 'CLIENT_INVESTIGATOR', 'PRACTITIONER', true, true],
      ['platform-administration', 'CLIENT_ADMIN', 'PRACTITIONER', true, true],
      ['implementation-methodology', 'INTERNAL', 'EXPERT', false, true],
    ]);
    let optional = 0;
    for (const demo of DEMO_TRACKS) {
      const track = bySlug.get(demo.track.slug);
      if (!track) throw new Error(`missing ${demo.track.slug}`);
      expect(track.courses.length).toBeGreaterThanOrEqual(3);
      expect(track.courses.length).toBeLessThanOrEqual(4);
      expect(track.courses.map((c) => c.sortOrder)).toEqual(track.courses.map((_, i) => i + 1));
      expect(
        track.courses.every((c) => c.contentUrl.startsWith('https://learn.credence.example/')),
      ).toBe(true);
      expect(track.courses.map((c) => c.hasExam)).toEqual(
        track.courses.map((_, i) => i === track.courses.length - 1),
      );
      optional += track.courses.filter((c) => !c.isRequired).length;
      const last = track.courses.at(-1);
      const quiz = last ? await as(admin).catalog.getQuiz({ courseId: last.id }) : null;
      expect(quiz?.questions.length).toBeGreaterThanOrEqual(4);
      expect(quiz?.questions.length).toBeLessThanOrEqual(6);
      expect(new Set(quiz?.questions.map((q) => q.type)).size).toBe(3);
    }
    expect(optional).toBeGreaterThanOrEqual(1);
  });
});
