/**
 * R1: the authorization matrix, generated from the router. Every procedure must have a row
 * here saying what each kind of caller gets; a procedure without a row fails the test.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SessionUser } from '../src/context.ts';
import type { Organization } from '../src/modules/organizations/entities.ts';
import {
  callerFor,
  createTestDatabase,
  makeCourse,
  makeOrganization,
  makeTrack,
  makeUser,
  routerProcedures,
  TEST_PASSWORD,
  type TestDatabase,
} from '../src/testing/index.ts';

const ACTORS = [
  'anonymous',
  'learner',
  'otherLearner',
  'clientAdmin',
  'otherClientAdmin',
  'PLATFORM_ADMIN',
  'IMPLEMENTATION_MANAGER',
  'CUSTOMER_SUCCESS',
] as const;
type Actor = (typeof ACTORS)[number];
type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';

interface Fixture {
  orgA: Organization;
  orgB: Organization;
  /** An active client track with two courses; never archived by the matrix. */
  track: { id: string; courseIds: [string, string] };
  /** An implementation project of organisation A. */
  projectId: string;
  /** Its assignment of `track` to employees. */
  assignmentId: string;
  /** The learner's enrolment in `track`. */
  enrollmentId: string;
  /** A track the matrix archives. */
  archivableTrackId: string;
  /** A track the matrix adds courses to and archives a course of. */
  spareTrack: { id: string; courseId: string };
  /** A course with a quiz the learner is enrolled for, a submitted attempt and an open one. */
  quiz: { courseId: string; submittedAttemptId: string; openAttemptId: string };
  users: Record<Exclude<Actor, 'anonymous'>, SessionUser>;
  /** A unique suffix per call, for mutations that create things. */
  unique: () => string;
}

interface Row {
  /** The input; the same for every actor (identity comes from the session, never the input). */
  input: (fx: Fixture, actor: Actor) => unknown;
  expect: Record<Actor, Outcome>;
}

/** Shorthands for the usual rules. */
const everyone = (o: Outcome = 'ok'): Record<Actor, Outcome> =>
  Object.fromEntries(ACTORS.map((a) => [a, o])) as Record<Actor, Outcome>;
const signedIn = (): Record<Actor, Outcome> => ({ ...everyone(), anonymous: 'UNAUTHORIZED' });
const staffOnly = (
  ...roles: ('PLATFORM_ADMIN' | 'IMPLEMENTATION_MANAGER' | 'CUSTOMER_SUCCESS')[]
) => {
  const allowed = roles.length
    ? roles
    : ['PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER', 'CUSTOMER_SUCCESS'];
  return Object.fromEntries(
    ACTORS.map((a) => [
      a,
      a === 'anonymous' ? 'UNAUTHORIZED' : allowed.includes(a) ? 'ok' : 'FORBIDDEN',
    ]),
  ) as Record<Actor, Outcome>;
};
/** Staff (of the given roles) and client admins, the latter limited to organisation A. */
const adminsOfA = (
  otherAdmin: Outcome,
  ...roles: ('PLATFORM_ADMIN' | 'IMPLEMENTATION_MANAGER' | 'CUSTOMER_SUCCESS')[]
): Record<Actor, Outcome> => ({
  ...staffOnly(...roles),
  clientAdmin: 'ok',
  otherClientAdmin: otherAdmin,
});

const MATRIX: Record<string, Row> = {
  'auth.login': {
    input: (fx) => ({ email: fx.users.learner.email, password: 'wrong password' }),
    // Everyone may try; the wrong password is the caller's problem, not an authorization one.
    expect: everyone('UNAUTHORIZED'),
  },
  'auth.logout': { input: () => undefined, expect: signedIn() },
  'auth.me': { input: () => undefined, expect: everyone() },
  'auth.setPassword': {
    input: () => ({ token: 'A'.repeat(43), password: 'long enough password' }),
    // Anyone may use a link; a made-up token is simply no link.
    expect: everyone('NOT_FOUND'),
  },
  'auth.changePassword': {
    input: () => ({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }),
    expect: signedIn(),
  },

  'users.list': { input: () => undefined, expect: adminsOfA('ok') },
  'users.get': { input: (fx) => ({ id: fx.users.learner.id }), expect: adminsOfA('NOT_FOUND') },
  'users.create': {
    input: (fx) => ({
      email: `new-${fx.unique()}@example.test`,
      name: 'New Person',
      password: 'long enough password',
      role: 'EMPLOYEE',
      organizationId: fx.orgA.id,
    }),
    expect: adminsOfA('NOT_FOUND', 'PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'users.update': {
    input: (fx) => ({ id: fx.users.learner.id, name: 'Renamed Learner' }),
    expect: adminsOfA('NOT_FOUND', 'PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'users.createPasswordLink': {
    input: (fx) => ({ id: fx.users.learner.id }),
    expect: adminsOfA('NOT_FOUND', 'PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },

  'catalog.listTracks': { input: () => undefined, expect: signedIn() },
  'catalog.getTrack': { input: (fx) => ({ id: fx.track.id }), expect: signedIn() },
  'catalog.createTrack': {
    input: (fx) => ({
      slug: `t-${fx.unique()}`,
      name: 'New Track',
      type: 'CLIENT_EMPLOYEE',
      level: 'FOUNDATION',
    }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'catalog.updateTrack': {
    input: (fx) => ({ id: fx.track.id, description: 'Updated' }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'catalog.archiveTrack': {
    input: (fx) => ({ id: fx.archivableTrackId }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'catalog.restoreTrack': {
    input: (fx) => ({ id: fx.archivableTrackId }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'catalog.publishVersion': {
    input: (fx) => ({ id: fx.track.id, bump: 'MINOR' }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'catalog.createCourse': {
    input: (fx) => ({
      trackId: fx.spareTrack.id,
      name: 'Added Course',
      contentUrl: 'https://learn.example.test/added',
      estimatedMinutes: 20,
    }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'catalog.updateCourse': {
    input: (fx) => ({ id: fx.track.courseIds[0], estimatedMinutes: 45 }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'catalog.removeCourse': {
    input: (fx) => ({ id: fx.spareTrack.courseId }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'catalog.reorderCourses': {
    input: (fx) => ({ trackId: fx.track.id, courseIds: [...fx.track.courseIds].toReversed() }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'catalog.getQuiz': {
    input: (fx) => ({ courseId: fx.track.courseIds[1] }),
    // Answer keys: only the people who write quizzes (customer success may take them).
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'catalog.saveQuiz': {
    input: (fx) => ({
      courseId: fx.track.courseIds[1],
      questions: [
        {
          type: 'TRUE_FALSE',
          prompt: 'Reports can be anonymous.',
          options: [
            { id: 't', text: 'True' },
            { id: 'f', text: 'False' },
          ],
          correctOptionIds: ['t'],
        },
      ],
    }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  // After saveQuiz, so that each catalog writer deletes the quiz they have just saved.
  'catalog.deleteQuiz': {
    input: (fx) => ({ courseId: fx.track.courseIds[1] }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },

  'learning.enroll': {
    input: (fx) => ({ trackId: fx.track.id, userId: fx.users.learner.id }),
    expect: {
      ...adminsOfA('NOT_FOUND', 'PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
      learner: 'ok',
    },
  },
  'learning.bulkEnroll': {
    input: (fx) => ({ trackId: fx.track.id, emails: [fx.users.learner.email] }),
    // Another tenant's admin gets a per-row error ("No such user"), not a failed call.
    expect: adminsOfA('ok', 'PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'learning.myTracks': { input: () => undefined, expect: signedIn() },
  'learning.listEnrollments': { input: () => undefined, expect: adminsOfA('ok') },
  'learning.progress': {
    input: (fx) => ({ enrollmentId: fx.enrollmentId }),
    expect: { ...adminsOfA('NOT_FOUND'), learner: 'ok', otherLearner: 'NOT_FOUND' },
  },
  // Acting on a course needs one's own enrolment: everyone else has none.
  'learning.startCourse': {
    input: (fx) => ({ courseId: fx.track.courseIds[0] }),
    expect: { ...everyone('NOT_FOUND'), anonymous: 'UNAUTHORIZED', learner: 'ok' },
  },
  'learning.completeCourse': {
    input: (fx) => ({ courseId: fx.track.courseIds[0] }),
    expect: { ...everyone('NOT_FOUND'), anonymous: 'UNAUTHORIZED', learner: 'ok' },
  },
  // Taking a quiz needs one's own enrolment and attempts: everyone else has none.
  'quizzes.status': {
    input: (fx) => ({ courseId: fx.quiz.courseId }),
    expect: { ...everyone('NOT_FOUND'), anonymous: 'UNAUTHORIZED', learner: 'ok' },
  },
  'quizzes.start': {
    input: (fx) => ({ courseId: fx.quiz.courseId }),
    expect: { ...everyone('NOT_FOUND'), anonymous: 'UNAUTHORIZED', learner: 'ok' },
  },
  'quizzes.saveAnswers': {
    input: (fx) => ({ attemptId: fx.quiz.openAttemptId, answers: [] }),
    expect: { ...everyone('NOT_FOUND'), anonymous: 'UNAUTHORIZED', learner: 'ok' },
  },
  'quizzes.submit': {
    input: (fx) => ({ attemptId: fx.quiz.submittedAttemptId, answers: [] }),
    expect: { ...everyone('NOT_FOUND'), anonymous: 'UNAUTHORIZED', learner: 'ok' },
  },
  'quizzes.result': {
    input: (fx) => ({ attemptId: fx.quiz.submittedAttemptId }),
    expect: { ...everyone('NOT_FOUND'), anonymous: 'UNAUTHORIZED', learner: 'ok' },
  },
  'quizzes.resetAttempts': {
    input: (fx) => ({ userId: fx.users.learner.id, courseId: fx.quiz.courseId, reason: 'Retake' }),
    expect: adminsOfA('NOT_FOUND', 'PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'reports.trackSummary': {
    input: (fx) => ({ organizationId: fx.orgA.id }),
    expect: adminsOfA('NOT_FOUND'),
  },

  'projects.list': { input: () => undefined, expect: adminsOfA('ok') },
  'projects.get': { input: (fx) => ({ projectId: fx.projectId }), expect: adminsOfA('NOT_FOUND') },
  'projects.create': {
    input: (fx) => ({
      organizationId: fx.orgA.id,
      name: `Rollout ${fx.unique()}`,
      goLiveDate: '2027-03-01',
    }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'projects.update': {
    input: (fx) => ({ projectId: fx.projectId, name: `Org A go-live ${fx.unique()}` }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'projects.enrollMissing': {
    input: (fx) => ({ projectId: fx.projectId, assignmentId: fx.assignmentId }),
    expect: adminsOfA('NOT_FOUND', 'PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'projects.assignTraining': {
    input: (fx) => ({
      projectId: fx.projectId,
      trackId: fx.track.id,
      targetRole: 'EMPLOYEE',
      requiredCompletions: 3,
    }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'projects.trainingStatus': {
    input: (fx) => ({ projectId: fx.projectId }),
    expect: adminsOfA('NOT_FOUND'),
  },
  'projects.goLiveReadiness': {
    input: (fx) => ({ projectId: fx.projectId }),
    expect: adminsOfA('NOT_FOUND'),
  },

  'audit.list': { input: () => undefined, expect: staffOnly() },

  'organizations.list': { input: () => undefined, expect: adminsOfA('ok') },
  'organizations.get': { input: (fx) => ({ id: fx.orgA.id }), expect: adminsOfA('NOT_FOUND') },
  'organizations.create': {
    input: (fx) => ({ name: `Org ${fx.unique()}`, industrySector: 'Retail', employeeCount: 10 }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },
  'organizations.update': {
    input: (fx) => ({ id: fx.orgB.id, employeeCount: 99 }),
    expect: staffOnly('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER'),
  },

  'benchmarks.metrics': { input: () => undefined, expect: adminsOfA('ok') },
  'benchmarks.compare': {
    input: (fx) => ({ organizationId: fx.orgA.id, metricKey: 'login_rate' }),
    expect: adminsOfA('NOT_FOUND'),
  },
  'benchmarks.history': {
    input: (fx) => ({ organizationId: fx.orgA.id, metricKey: 'login_rate', band: true }),
    expect: adminsOfA('NOT_FOUND'),
  },
  'benchmarks.recalculate': { input: () => undefined, expect: staffOnly() },
  'benchmarks.runs': { input: () => undefined, expect: staffOnly() },
  'health.ingest': {
    input: (fx) => ({
      rows: [
        {
          organizationId: fx.orgA.id,
          metricKey: 'login_rate',
          measuredOn: '2026-03-01',
          value: 50,
        },
      ],
    }),
    // Another tenant's admin gets a per-row rejection ("No such organization"), not a failed call.
    expect: adminsOfA('ok'),
  },
  'health.ingestCsv': {
    input: (fx) => ({
      organizationId: fx.orgA.id,
      csv: 'metric,measured_on,value\nlogin_rate,2026-03-02,51\n',
    }),
    expect: adminsOfA('NOT_FOUND'),
  },
  'health.values': {
    input: (fx) => ({ organizationId: fx.orgA.id }),
    expect: adminsOfA('NOT_FOUND'),
  },
};

const procedures = routerProcedures();

let db: TestDatabase;
let fx: Fixture;
let counter = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.em();
  const orgA = await makeOrganization(em, { name: 'Org A' });
  const orgB = await makeOrganization(em, { name: 'Org B' });
  const track = await makeTrack(em, { type: 'CLIENT_EMPLOYEE' });
  const spareTrack = await makeTrack(em, { type: 'CLIENT_INVESTIGATOR' });
  const courses = [await makeCourse(em, track), await makeCourse(em, track)] as const;
  const spareCourse = await makeCourse(em, spareTrack);
  const archivable = await makeTrack(em, { type: 'CLIENT_ADMIN' });
  const learner = await makeUser(em, 'EMPLOYEE', orgA);
  const enrolled = await callerFor(em, learner).learning.enroll({ trackId: track.id });
  const platformAdmin = await makeUser(em, 'PLATFORM_ADMIN');
  const project = await callerFor(em, platformAdmin).projects.create({
    organizationId: orgA.id,
    name: 'Org A go-live',
    goLiveDate: '2027-01-15',
  });
  const assignment = await callerFor(em, platformAdmin).projects.assignTraining({
    projectId: project.id,
    trackId: track.id,
    targetRole: 'EMPLOYEE',
    requiredCompletions: 3,
  });
  const quizTrack = await makeTrack(em, { type: 'CLIENT_EMPLOYEE' });
  const quizCourse = await makeCourse(em, quizTrack);
  await callerFor(em, platformAdmin).catalog.saveQuiz({
    courseId: quizCourse.id,
    questions: [
      {
        type: 'TRUE_FALSE',
        prompt: 'Reports can be anonymous.',
        options: [
          { id: 't', text: 'True' },
          { id: 'f', text: 'False' },
        ],
        correctOptionIds: ['t'],
      },
    ],
  });
  await callerFor(em, learner).learning.enroll({ trackId: quizTrack.id });
  const first = await callerFor(em, learner).quizzes.start({ courseId: quizCourse.id });
  await callerFor(em, learner).quizzes.submit({ attemptId: first.attemptId, answers: [] });
  const open = await callerFor(em, learner).quizzes.start({ courseId: quizCourse.id });
  fx = {
    quiz: {
      courseId: quizCourse.id,
      submittedAttemptId: first.attemptId,
      openAttemptId: open.attemptId,
    },
    orgA,
    orgB,
    projectId: project.id,
    assignmentId: assignment.id,
    enrollmentId: enrolled.enrollment.id,
    track: { id: track.id, courseIds: [courses[0].id, courses[1].id] },
    spareTrack: { id: spareTrack.id, courseId: spareCourse.id },
    archivableTrackId: archivable.id,
    unique: () => `${process.pid}-${++counter}`,
    users: {
      learner,
      otherLearner: await makeUser(em, 'EMPLOYEE', orgB),
      clientAdmin: await makeUser(em, 'ADMIN', orgA),
      otherClientAdmin: await makeUser(em, 'ADMIN', orgB),
      PLATFORM_ADMIN: platformAdmin,
      IMPLEMENTATION_MANAGER: await makeUser(em, 'IMPLEMENTATION_MANAGER'),
      CUSTOMER_SUCCESS: await makeUser(em, 'CUSTOMER_SUCCESS'),
    },
  };
});
afterAll(() => db.close());

async function outcome(actor: Actor, path: string, input: unknown): Promise<string> {
  const caller = callerFor(db.em(), actor === 'anonymous' ? null : fx.users[actor]);
  let fn: unknown = caller;
  for (const key of path.split('.')) fn = (fn as Record<string, unknown>)[key];
  try {
    await (fn as (input: unknown) => Promise<unknown>)(input);
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError)
      return error.code === 'BAD_REQUEST' ? `BAD_REQUEST: ${error.message}` : error.code;
    throw error;
  }
}

describe('authorization matrix (R1)', () => {
  it('has a row for every procedure, and every row names a procedure', () => {
    const paths = Object.keys(procedures).toSorted();
    expect(paths.filter((p) => !(p in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((p) => !(p in procedures))).toEqual([]);
  });

  it('every procedure derives from a base procedure with an explicit rule', () => {
    for (const [path, procedure] of Object.entries(procedures)) {
      expect(procedure.meta?.access.kind, path).toMatch(
        /^(public|authed|staff|staffOrClientAdmin)$/,
      );
    }
  });

  it('no procedure takes "act as user X" input, except staff procedures that manage users', () => {
    // audit.list filters the log by who acted (actorId); it acts as nobody.
    const mayNameAUser = new Set([
      'users.update',
      'learning.enroll',
      'learning.bulkEnroll',
      'audit.list',
      'quizzes.resetAttempts',
    ]);
    const suspicious = /^(user|actor|actAs|asUser|impersonate|userId|actorId|ownerId|learnerId)$/i;
    for (const [path, procedure] of Object.entries(procedures)) {
      const keys = procedure.inputs.flatMap((schema) => {
        const json = z.toJSONSchema(schema as z.ZodType, {
          unrepresentable: 'any',
          io: 'input',
        }) as {
          properties?: Record<string, unknown>;
        };
        return Object.keys(json.properties ?? {});
      });
      const named = keys.filter((k) => suspicious.test(k));
      if (!mayNameAUser.has(path)) expect(named, path).toEqual([]);
    }
  });

  for (const actor of ACTORS) {
    it(`gives ${actor} exactly what the matrix says`, async () => {
      const results: Record<string, string> = {};
      const expected: Record<string, Outcome> = {};
      for (const [path, row] of Object.entries(MATRIX)) {
        if (!(path in procedures)) continue;
        results[path] = await outcome(actor, path, row.input(fx, actor));
        expected[path] = row.expect[actor];
      }
      expect(results).toEqual(expected);
    });
  }

  it('writes denied calls to the audit log', async () => {
    await outcome(
      'learner',
      'organizations.create',
      MATRIX['organizations.create']?.input(fx, 'learner'),
    );
    const rows = await db
      .em()
      .execute<{ target_id: string }[]>(
        `select target_id from audit_log where action = 'access.denied' and actor_id = ?`,
        [fx.users.learner.id],
      );
    expect(rows.map((r) => r.target_id)).toContain('organizations.create');
  });
});
