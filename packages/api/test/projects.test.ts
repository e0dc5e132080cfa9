import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCountingOrm, type CountingOrm } from '../bench/statements.ts';
import type { SessionUser } from '../src/context.ts';
import { seedDemoData } from '../src/db/seed/index.ts';
import type { Course, Track } from '../src/modules/catalog/entities.ts';
import { recomputeCompletion } from '../src/modules/learning/completion.ts';
import { CourseProgress, Enrollment } from '../src/modules/learning/entities.ts';
import type { Organization } from '../src/modules/organizations/entities.ts';
import {
  getGoLiveReadiness,
  getTrainingStatus,
  PEOPLE_PER_ASSIGNMENT,
} from '../src/modules/projects/service.ts';
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
let counting: CountingOrm;
let orgA: Organization;
let orgB: Organization;
let staff: SessionUser;
let manager: SessionUser;
let success: SessionUser;
let adminA: SessionUser;
let adminB: SessionUser;
let learnerA: SessionUser;

const DAY = 24 * 60 * 60 * 1000;
const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  db = await createTestDatabase();
  // The demo seed runs on an empty database only, so before anything else is created.
  await seedDemoData(db.em());
  counting = await openCountingOrm(db.url, { poolSize: 2 });
  const em = db.em();
  orgA = await makeOrganization(em);
  orgB = await makeOrganization(em);
  staff = await makeUser(em, 'PLATFORM_ADMIN');
  manager = await makeUser(em, 'IMPLEMENTATION_MANAGER');
  success = await makeUser(em, 'CUSTOMER_SUCCESS');
  adminA = await makeUser(em, 'ADMIN', orgA);
  adminB = await makeUser(em, 'ADMIN', orgB);
  learnerA = await makeUser(em, 'EMPLOYEE', orgA);
});
afterAll(async () => {
  await counting.orm.close();
  await db.close();
});

/** Enrols a user with progress rows for `courses`, the `done` ones completed; recomputes. */
async function enrol(
  user: SessionUser,
  track: Track,
  courses: readonly Course[],
  done: readonly Course[] = [],
  em: EntityManager = db.em(),
): Promise<string> {
  const enrollment = em.create(Enrollment, { user: user.id, track: track.id });
  for (const course of courses) {
    const completed = done.some((d) => d.id === course.id);
    em.create(CourseProgress, {
      enrollment,
      course: course.id,
      status: completed ? 'COMPLETED' : 'NOT_STARTED',
      startedAt: completed ? new Date() : null,
      completedAt: completed ? new Date() : null,
    });
  }
  await em.flush();
  await recomputeCompletion(em, { enrollmentIds: [enrollment.id] }, new Date());
  return enrollment.id;
}

async function completeCourses(enrollmentId: string, courses: readonly Course[]) {
  const em = db.em();
  await em.execute(
    `update course_progress set status = 'COMPLETED', completed_at = now()
      where enrollment_id = ? and course_id in (?)`,
    [enrollmentId, courses.map((c) => c.id)],
  );
  await recomputeCompletion(em, { enrollmentIds: [enrollmentId] }, new Date());
}

async function newProject(org: Organization, name = 'Go-live') {
  return callerFor(db.em(), staff).projects.create({
    organizationId: org.id,
    name,
    goLiveDate: day(60),
  });
}

describe('projects: create, list, get and their scope', () => {
  it('lets catalog writers create projects for an existing organisation only', async () => {
    const created = await callerFor(db.em(), manager).projects.create({
      organizationId: orgA.id,
      name: '  Acme rollout ',
      goLiveDate: '2027-03-01',
    });
    expect(created).toMatchObject({
      organizationId: orgA.id,
      organizationName: orgA.name,
      name: 'Acme rollout',
      goLiveDate: '2027-03-01',
      status: 'PLANNING',
      assignmentCount: 0,
    });

    const before = await db.rowCounts();
    await expect(
      callerFor(db.em(), staff).projects.create({
        organizationId: '00000000-0000-4000-8000-000000000000',
        name: 'Nowhere',
        goLiveDate: '2027-03-01',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      callerFor(db.em(), staff).projects.create({
        organizationId: orgA.id,
        name: 'Year zero',
        goLiveDate: '0000-01-01',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    for (const user of [success, adminA, learnerA]) {
      await expect(
        callerFor(db.em(), user).projects.create({
          organizationId: orgA.id,
          name: 'Not allowed',
          goLiveDate: '2027-03-01',
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await db.rowCounts()).toEqual(before);
  });

  it('shows a client admin only their own organisation’s projects; others get NOT_FOUND', async () => {
    const mine = await newProject(orgA, 'Mine');
    const theirs = await newProject(orgB, 'Theirs');

    const listedByA = await callerFor(db.em(), adminA).projects.list();
    expect(listedByA.map((p) => p.id)).toContain(mine.id);
    expect(listedByA.every((p) => p.organizationId === orgA.id)).toBe(true);
    await expect(
      callerFor(db.em(), adminA).projects.list({ organizationId: orgB.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const listedByB = await callerFor(db.em(), adminB).projects.list();
    expect(listedByB.map((p) => p.id)).toContain(theirs.id);
    expect(listedByB.map((p) => p.id)).not.toContain(mine.id);
    await expect(
      callerFor(db.em(), adminB).projects.get({ projectId: mine.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const listedByStaff = await callerFor(db.em(), success).projects.list();
    expect(listedByStaff.map((p) => p.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    const onlyB = await callerFor(db.em(), success).projects.list({ organizationId: orgB.id });
    expect(onlyB.map((p) => p.id)).toContain(theirs.id);
    expect(onlyB.every((p) => p.organizationId === orgB.id)).toBe(true);

    expect(await callerFor(db.em(), adminA).projects.get({ projectId: mine.id })).toMatchObject({
      id: mine.id,
      name: 'Mine',
      assignments: [],
    });
    const missing = '00000000-0000-4000-8000-000000000001';
    for (const projectId of [theirs.id, missing]) {
      const api = callerFor(db.em(), adminA);
      await expect(api.projects.get({ projectId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(api.projects.trainingStatus({ projectId })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(api.projects.goLiveReadiness({ projectId })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }

    const learner = callerFor(db.em(), learnerA);
    await expect(learner.projects.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(learner.projects.get({ projectId: mine.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(learner.projects.trainingStatus({ projectId: mine.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(learner.projects.goLiveReadiness({ projectId: mine.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(callerFor(db.em(), null).projects.list()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});

describe('projects.assignTraining', () => {
  it('rejects unknown ids, archived tracks and tracks of another role, writing nothing', async () => {
    const em = db.em();
    const project = await newProject(orgA);
    const investigatorTrack = await makeTrack(em, { type: 'CLIENT_INVESTIGATOR' });
    const archived = await makeTrack(em, { type: 'CLIENT_EMPLOYEE', isActive: false });
    const internal = await makeTrack(em, { type: 'INTERNAL' });
    const api = callerFor(db.em(), staff);
    const before = await db.rowCounts();
    const base = { projectId: project.id, requiredCompletions: 2 };

    const mismatch = api.projects.assignTraining({
      ...base,
      trackId: investigatorTrack.id,
      targetRole: 'EMPLOYEE',
    });
    await expect(mismatch).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(mismatch).rejects.toThrow(
      /CLIENT_INVESTIGATOR.*EMPLOYEE users need a CLIENT_EMPLOYEE/,
    );
    await expect(
      api.projects.assignTraining({ ...base, trackId: internal.id, targetRole: 'ADMIN' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      api.projects.assignTraining({ ...base, trackId: archived.id, targetRole: 'EMPLOYEE' }),
    ).rejects.toThrow(/archived/);
    await expect(
      api.projects.assignTraining({
        ...base,
        projectId: '00000000-0000-4000-8000-000000000002',
        trackId: investigatorTrack.id,
        targetRole: 'INVESTIGATOR',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      api.projects.assignTraining({
        ...base,
        trackId: '00000000-0000-4000-8000-000000000003',
        targetRole: 'INVESTIGATOR',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      api.projects.assignTraining({
        ...base,
        requiredCompletions: 0,
        trackId: investigatorTrack.id,
        targetRole: 'INVESTIGATOR',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    for (const user of [success, adminA]) {
      await expect(
        callerFor(db.em(), user).projects.assignTraining({
          ...base,
          trackId: investigatorTrack.id,
          targetRole: 'INVESTIGATOR',
        }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await db.rowCounts()).toEqual(before);
  });

  it('assigning the same track and role again updates the assignment, never duplicates it', async () => {
    const em = db.em();
    const project = await newProject(orgA);
    const track = await makeTrack(em, { type: 'CLIENT_EMPLOYEE' });
    const api = callerFor(db.em(), staff);
    const input = {
      projectId: project.id,
      trackId: track.id,
      targetRole: 'EMPLOYEE' as const,
      requiredCompletions: 3,
      dueDate: '2027-01-31',
    };

    const first = await api.projects.assignTraining(input);
    expect(first).toMatchObject({ created: true, requiredCompletions: 3, dueDate: '2027-01-31' });
    const again = await api.projects.assignTraining({
      ...input,
      requiredCompletions: 7,
      dueDate: null,
    });
    expect(again).toMatchObject({
      id: first.id,
      created: false,
      requiredCompletions: 7,
      dueDate: null,
    });
    // Concurrent re-assignments race on the unique triple; still one row.
    await Promise.all(
      [4, 5, 6].map((n) =>
        callerFor(db.em(), staff).projects.assignTraining({ ...input, requiredCompletions: n }),
      ),
    );

    const detail = await api.projects.get({ projectId: project.id });
    expect(detail.assignmentCount).toBe(1);
    expect(detail.assignments).toHaveLength(1);
    expect(detail.assignments[0]).toMatchObject({
      id: first.id,
      trackId: track.id,
      targetRole: 'EMPLOYEE',
      dueDate: '2027-01-31',
    });

    const audits = await db
      .em()
      .execute<{ action: string; details: { previous?: { requiredCompletions: number } } }[]>(
        `select action, details from audit_log where target_id = ? order by at, id`,
        [first.id],
      );
    expect(audits.map((a) => a.action)).toEqual([
      'project.training_assigned',
      'project.training_updated',
      'project.training_updated',
      'project.training_updated',
      'project.training_updated',
    ]);
    expect(audits[1]?.details.previous).toEqual({ requiredCompletions: 3, dueDate: '2027-01-31' });
  });
});

describe('training status and go-live readiness', () => {
  interface DataSet {
    projectId: string;
    org: Organization;
    investigation: { track: Track; required: Course[]; optional: Course; inactive: Course };
    inProgress: { inv4: SessionUser; inv5: SessionUser; inv7: SessionUser };
    enrolments: { inv4: string; inv5: string };
    assignments: { investigators: string; admins: string; employees: string };
  }
  let data: DataSet;

  beforeAll(async () => {
    const em = db.em();
    const org = await makeOrganization(em);
    const other = await makeOrganization(em);

    // Investigation: 4 required active courses, an optional one and an archived required one.
    const invTrack = await makeTrack(em, { type: 'CLIENT_INVESTIGATOR', requiredForGoLive: true });
    const required = [
      await makeCourse(em, invTrack),
      await makeCourse(em, invTrack),
      await makeCourse(em, invTrack),
      await makeCourse(em, invTrack),
    ];
    const optional = await makeCourse(em, invTrack, { isRequired: false });
    const inactive = await makeCourse(em, invTrack, { isActive: false });
    const invCourses = [...required, optional, inactive];
    const admTrack = await makeTrack(em, { type: 'CLIENT_ADMIN', requiredForGoLive: true });
    const admCourse = await makeCourse(em, admTrack);
    const empTrack = await makeTrack(em, { type: 'CLIENT_EMPLOYEE', requiredForGoLive: false });
    const empCourse = await makeCourse(em, empTrack);

    const person = (role: 'ADMIN' | 'INVESTIGATOR' | 'EMPLOYEE', o = org, name?: string) =>
      makeUser(em, role, o, name ? { name } : {});
    // Investigators of the organisation.
    const inv1 = await person('INVESTIGATOR');
    const inv2 = await person('INVESTIGATOR');
    const inv3 = await person('INVESTIGATOR'); // completes, then is deactivated
    const inv4 = await person('INVESTIGATOR', org, 'Alice Halfway');
    const inv5 = await person('INVESTIGATOR', org, 'Bob Quarter');
    await person('INVESTIGATOR'); // enrolled nowhere
    const inv7 = await person('INVESTIGATOR', org, 'Carol Zero');
    await enrol(inv1, invTrack, invCourses, required);
    await enrol(inv2, invTrack, invCourses, [...required, optional]);
    await enrol(inv3, invTrack, invCourses, required);
    await em.execute('update app_user set is_active = false where id = ?', [inv3.id]);
    // Optional and archived courses completed: progress still counts only required active ones.
    const e4 = await enrol(inv4, invTrack, invCourses, [
      required[0]!,
      required[1]!,
      optional,
      inactive,
    ]);
    const e5 = await enrol(inv5, invTrack, invCourses, [required[2]!]);
    await enrol(inv7, invTrack, invCourses, []);
    // Same track completed by people who must not count: another role, another organisation.
    await enrol(await person('EMPLOYEE'), invTrack, invCourses, required);
    await enrol(await person('ADMIN'), invTrack, invCourses, required);
    await enrol(await person('INVESTIGATOR', other), invTrack, invCourses, required);
    await enrol(await person('INVESTIGATOR', other), invTrack, invCourses, [required[0]!]);
    // An inactive investigator who is enrolled is not listed either.
    const gone = await person('INVESTIGATOR');
    await enrol(gone, invTrack, invCourses, [required[0]!]);
    await em.execute('update app_user set is_active = false where id = ?', [gone.id]);

    // Admins: one completed of one required. Employees: one of five (an optional track).
    await enrol(await person('ADMIN'), admTrack, [admCourse], [admCourse]);
    await enrol(await person('EMPLOYEE'), empTrack, [empCourse], [empCourse]);

    const project = await newProject(org, 'Readiness');
    const api = callerFor(db.em(), staff);
    const investigators = await api.projects.assignTraining({
      projectId: project.id,
      trackId: invTrack.id,
      targetRole: 'INVESTIGATOR',
      requiredCompletions: 4,
      dueDate: day(-1),
    });
    const admins = await api.projects.assignTraining({
      projectId: project.id,
      trackId: admTrack.id,
      targetRole: 'ADMIN',
      requiredCompletions: 1,
      dueDate: day(30),
    });
    const employees = await api.projects.assignTraining({
      projectId: project.id,
      trackId: empTrack.id,
      targetRole: 'EMPLOYEE',
      requiredCompletions: 5,
      dueDate: day(-3),
    });
    data = {
      projectId: project.id,
      org,
      investigation: { track: invTrack, required, optional, inactive },
      inProgress: { inv4, inv5, inv7 },
      enrolments: { inv4: e4, inv5: e5 },
      assignments: { investigators: investigators.id, admins: admins.id, employees: employees.id },
    };
  });

  it('reports required, completed, complete and overdue per assignment', async () => {
    const status = await callerFor(db.em(), success).projects.trainingStatus({
      projectId: data.projectId,
    });
    const byId = new Map(status.assignments.map((a) => [a.assignmentId, a]));
    expect(status.complete).toBe(false);
    expect(byId.get(data.assignments.investigators)).toMatchObject({
      required: 4,
      completed: 2,
      complete: false,
      overdue: true,
      requiredForGoLive: true,
      dueDate: day(-1),
    });
    expect(byId.get(data.assignments.admins)).toMatchObject({
      required: 1,
      completed: 1,
      complete: true,
      overdue: false,
    });
    expect(byId.get(data.assignments.employees)).toMatchObject({
      required: 5,
      completed: 1,
      complete: false,
      overdue: true,
      requiredForGoLive: false,
    });
  });

  it('a due date is late only after the whole day has passed', async () => {
    const em = db.em();
    const [row] = await em.execute<{ due_date: string }[]>(
      'select due_date::text as due_date from training_assignment where id = ?',
      [data.assignments.investigators],
    );
    const due = row?.due_date ?? '';
    const lastMoment = new Date(`${due}T23:59:59.999Z`);
    const nextDay = new Date(lastMoment.getTime() + 1);
    const on = await getTrainingStatus(em, { kind: 'all' }, data.projectId, lastMoment);
    const after = await getTrainingStatus(em, { kind: 'all' }, data.projectId, nextDay);
    const inv = (s: typeof on) =>
      s.assignments.find((a) => a.assignmentId === data.assignments.investigators);
    expect(inv(on)?.overdue).toBe(false);
    expect(inv(after)?.overdue).toBe(true);
  });

  it('lists what blocks go-live: missing headcount, people in progress, people not enrolled', async () => {
    const readiness = await callerFor(db.em(), success).projects.goLiveReadiness({
      projectId: data.projectId,
    });
    expect(readiness.ready).toBe(false);
    // Only go-live-required tracks block: the optional employee track never does.
    expect(readiness.blocking).toHaveLength(1);
    const [blocking] = readiness.blocking;
    expect(blocking).toMatchObject({
      assignmentId: data.assignments.investigators,
      targetRole: 'INVESTIGATOR',
      required: 4,
      completed: 2,
      missing: 2,
      overdue: true,
      notEnrolled: 1,
    });
    const { inv4, inv5, inv7 } = data.inProgress;
    expect(blocking?.inProgress.total).toBe(3);
    expect(blocking?.inProgress.people).toEqual([
      {
        userId: inv4.id,
        name: 'Alice Halfway',
        email: inv4.email,
        requiredCompleted: 2,
        requiredTotal: 4,
        progressPercent: 50,
      },
      {
        userId: inv5.id,
        name: 'Bob Quarter',
        email: inv5.email,
        requiredCompleted: 1,
        requiredTotal: 4,
        progressPercent: 25,
      },
      {
        userId: inv7.id,
        name: 'Carol Zero',
        email: inv7.email,
        requiredCompleted: 0,
        requiredTotal: 4,
        progressPercent: 0,
      },
    ]);
    // The due date has passed: no time left, so the forecast is the current count.
    expect(blocking?.forecast).toMatchObject({
      deadline: day(-1),
      projectedCompletions: 2,
      onTrack: false,
    });
  });

  it('the client admin of the organisation sees the same; progress makes it ready', async () => {
    const admin = await makeUser(db.em(), 'ADMIN', data.org);
    const api = callerFor(db.em(), admin);
    expect((await api.projects.goLiveReadiness({ projectId: data.projectId })).ready).toBe(false);

    const { required } = data.investigation;
    await completeCourses(data.enrolments.inv4, [required[2]!, required[3]!]);
    const three = await api.projects.goLiveReadiness({ projectId: data.projectId });
    expect(three.blocking[0]).toMatchObject({ completed: 3, missing: 1 });
    expect(three.blocking[0]?.inProgress.total).toBe(2);

    await completeCourses(data.enrolments.inv5, required);
    const ready = await api.projects.goLiveReadiness({ projectId: data.projectId });
    // Ready although the (optional) employee assignment is still short and overdue.
    expect(ready).toMatchObject({ ready: true, blocking: [] });
    const status = await api.projects.trainingStatus({ projectId: data.projectId });
    expect(status.complete).toBe(false);
  });

  it('forecasts from the pace since the project started', async () => {
    const em = db.em();
    const org = await makeOrganization(em);
    const track = await makeTrack(em, { type: 'CLIENT_EMPLOYEE', requiredForGoLive: true });
    const course = await makeCourse(em, track);
    const project = await newProject(org, 'Forecast');
    // Started 10 days ago; 1 person completed before, 2 since; due in 10 days; 6 required.
    const started = new Date(Date.now() - 10 * DAY);
    await em.execute('update implementation_project set created_at = ? where id = ?', [
      started,
      project.id,
    ]);
    await callerFor(db.em(), staff).projects.assignTraining({
      projectId: project.id,
      trackId: track.id,
      targetRole: 'EMPLOYEE',
      requiredCompletions: 6,
      dueDate: day(9), // ends 9.x days from now
    });
    for (const daysAgo of [20, 5, 2]) {
      const id = await enrol(await makeUser(em, 'EMPLOYEE', org), track, [course], [course]);
      await em.execute('update enrollment set completed_at = ? where id = ?', [
        new Date(Date.now() - daysAgo * DAY),
        id,
      ]);
    }
    const now = new Date();
    const dueEnd = new Date(`${day(9)}T23:59:59.999Z`);
    const readiness = await getGoLiveReadiness(em, { kind: 'all' }, project.id, now);
    const expected =
      3 +
      Math.floor((2 * (dueEnd.getTime() - now.getTime())) / (now.getTime() - started.getTime()));
    expect(readiness.blocking[0]?.forecast).toEqual({
      deadline: day(9),
      completedSinceStart: 2,
      projectedCompletions: expected,
      onTrack: expected >= 6,
    });
  });

  it('lists at most PEOPLE_PER_ASSIGNMENT people in progress, with the total', async () => {
    const em = db.em();
    const org = await makeOrganization(em);
    const track = await makeTrack(em, { type: 'CLIENT_EMPLOYEE', requiredForGoLive: true });
    const courses = [await makeCourse(em, track), await makeCourse(em, track)];
    const project = await newProject(org, 'Many');
    await callerFor(db.em(), staff).projects.assignTraining({
      projectId: project.id,
      trackId: track.id,
      targetRole: 'EMPLOYEE',
      requiredCompletions: 100,
    });
    const people = PEOPLE_PER_ASSIGNMENT + 5;
    await em.execute(
      `insert into app_user (id, email, name, password_hash, role, organization_id, created_at, updated_at)
       select gen_random_uuid(), 'many-' || g || '-' || ? || '@example.test', 'Person ' || lpad(g::text, 3, '0'),
              'x', 'EMPLOYEE', ?, now(), now()
         from generate_series(1, ?) g`,
      [project.id, org.id, people],
    );
    await em.execute(
      `insert into enrollment (id, user_id, track_id, created_at)
       select gen_random_uuid(), u.id, ?, now() from app_user u where u.organization_id = ?`,
      [track.id, org.id],
    );
    // Every third person has one of the two courses done.
    await em.execute(
      `insert into course_progress (id, enrollment_id, course_id, status, updated_at)
       select gen_random_uuid(), e.id, c.id,
              case when c.sort_order = ? and right(u.name, 3)::int % 3 = 0
                   then 'COMPLETED' else 'NOT_STARTED' end, now()
         from enrollment e join app_user u on u.id = e.user_id
         cross join course c
        where e.track_id = ? and c.track_id = ?`,
      [courses[0]!.sortOrder, track.id, track.id],
    );
    // Rows written behind the app's back: recompute the snapshot as every app path does.
    await recomputeCompletion(em, { trackId: track.id }, new Date());
    const readiness = await callerFor(db.em(), adminOf(org)).projects.goLiveReadiness({
      projectId: project.id,
    });
    const [blocking] = readiness.blocking;
    expect(blocking?.inProgress.total).toBe(people);
    expect(blocking?.inProgress.people).toHaveLength(PEOPLE_PER_ASSIGNMENT);
    const halfway = Math.floor(people / 3);
    const percents = blocking?.inProgress.people.map((p) => p.progressPercent) ?? [];
    expect(percents.slice(0, halfway).every((p) => p === 50)).toBe(true);
    expect(percents.slice(halfway).every((p) => p === 0)).toBe(true);
    expect(blocking?.notEnrolled).toBe(0);
  });
});

/** A session of a client admin of `org` without a database row (procedures only read it). */
const adminOf = (org: Organization): SessionUser => ({
  id: '00000000-0000-4000-8000-0000000000aa',
  email: 'admin@example.test',
  name: 'Admin',
  role: 'ADMIN',
  organizationId: org.id,
});

/** A project with `assignments` blocking assignments, each with one person done and one on the way. */
async function projectWith(assignments: number) {
  const em = db.em();
  const org = await makeOrganization(em);
  const project = await newProject(org, `${assignments} assignments`);
  for (let i = 0; i < assignments; i++) {
    const track = await makeTrack(em, { type: 'CLIENT_EMPLOYEE', requiredForGoLive: true });
    const course = await makeCourse(em, track);
    await callerFor(db.em(), staff).projects.assignTraining({
      projectId: project.id,
      trackId: track.id,
      targetRole: 'EMPLOYEE',
      requiredCompletions: 2,
    });
    // One person done and one in progress per track, so every assignment blocks with people.
    await enrol(await makeUser(em, 'EMPLOYEE', org), track, [course], [course]);
    await enrol(await makeUser(em, 'EMPLOYEE', org), track, [course], []);
  }
  return { org, projectId: project.id };
}

describe('readiness runs a fixed number of SQL statements', () => {
  it('the same count for 1 and for 20 assignments, through the service and the API', async () => {
    const counts: Record<string, number> = {};
    for (const n of [1, 20]) {
      const { org, projectId } = await projectWith(n);
      const em = () => counting.orm.em.fork() as EntityManager;
      const readiness = await counting.count(() =>
        getGoLiveReadiness(em(), { kind: 'all' }, projectId),
      );
      expect(readiness.result.blocking).toHaveLength(n);
      expect(readiness.result.blocking.every((b) => b.inProgress.total === 1)).toBe(true);
      counts[`readiness/${n}`] = readiness.statements;
      const viaApi = await counting.count(() =>
        callerFor(em(), adminOf(org)).projects.goLiveReadiness({ projectId }),
      );
      counts[`readiness via API/${n}`] = viaApi.statements;
      const status = await counting.count(() =>
        getTrainingStatus(em(), { kind: 'all' }, projectId),
      );
      counts[`training status/${n}`] = status.statements;
    }
    expect(counts).toEqual({
      'readiness/1': 2,
      'readiness/20': 2,
      'readiness via API/1': 2,
      'readiness via API/20': 2,
      'training status/1': 2,
      'training status/20': 2,
    });
  });

  it('one statement when nothing blocks', async () => {
    const { projectId } = await projectWith(0);
    const em = counting.orm.em.fork() as EntityManager;
    const readiness = await counting.count(() =>
      getGoLiveReadiness(em, { kind: 'all' }, projectId),
    );
    expect(readiness.result).toMatchObject({ ready: true, blocking: [] });
    expect(readiness.statements).toBe(1);
  });
});

describe('demo project', () => {
  it('Northwind go-live is not ready yet and shows who is on the way', async () => {
    const [row] = await db
      .em()
      .execute<{ id: string; go_live_date: string }[]>(
        `select id, go_live_date::text as go_live_date from implementation_project where name = 'Northwind go-live'`,
      );
    expect(row).toBeDefined();
    const projectId = row?.id ?? '';
    const goLive = new Date(`${row?.go_live_date ?? ''}T00:00:00Z`).getTime();
    expect(Math.round((goLive - Date.now()) / DAY)).toBeGreaterThanOrEqual(40);

    const [nora] = await db
      .em()
      .execute<{ id: string; organization_id: string; email: string; name: string }[]>(
        `select id, organization_id, email, name from app_user where email = 'admin@northwind.test'`,
      );
    const api = callerFor(db.em(), {
      id: nora?.id ?? '',
      email: nora?.email ?? '',
      name: nora?.name ?? '',
      role: 'ADMIN',
      organizationId: nora?.organization_id ?? null,
    });
    const status = await api.projects.trainingStatus({ projectId });
    expect(
      status.assignments.map((a) => [a.targetRole, a.required, a.completed, a.complete]),
    ).toEqual(
      expect.arrayContaining([
        ['ADMIN', 1, 1, true],
        ['INVESTIGATOR', 2, 0, false],
        ['EMPLOYEE', 3, 0, false],
      ]),
    );
    const readiness = await api.projects.goLiveReadiness({ projectId });
    expect(readiness.ready).toBe(false);
    const investigators = readiness.blocking.find((b) => b.targetRole === 'INVESTIGATOR');
    expect(investigators).toMatchObject({ missing: 2, notEnrolled: 0 });
    expect(investigators?.inProgress.people).toEqual([
      expect.objectContaining({ email: 'investigator@northwind.test', progressPercent: 50 }),
    ]);
  });
});
