import type { EntityManager } from '@mikro-orm/postgresql';
import { trackProgress, type CourseStatus } from '@credence/domain';
import { sql } from 'kysely';
import type { SessionUser } from '../../context.ts';
import { db } from '../../db/sql.ts';
import { fail } from '../../errors.ts';
import { scopeOf } from '../../trpc.ts';
import { recomputeCompletion } from './completion.ts';
import { dueDatesOf, withDueDates } from './due.ts';
import type { EnrolledCourseDto, EnrollmentDto, MyTrackDto } from './dto.ts';

// ---------------------------------------------------------------------------------------------
// Reads. Two queries whatever the number of enrolments; status and percent are computed here
// from the active courses left-joined to the progress rows (a missing row is NOT_STARTED), with
// the domain's rule — never read from a stored counter.

/** Timestamps arrive as PostgreSQL's text; the DTOs carry ISO strings. */
const iso = (value: string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

export type EnrollmentFilter = { userId: string } | { enrollmentIds: string[] };

export async function loadEnrollments(
  em: EntityManager,
  filter: EnrollmentFilter,
): Promise<EnrollmentDto[]> {
  if ('enrollmentIds' in filter && filter.enrollmentIds.length === 0) return [];
  const enrollments = await selectEnrollments(em, filter);
  if (enrollments.length === 0) return [];
  const courses = await selectCourses(em, filter);
  const byEnrollment = Map.groupBy(courses, (c) => c.enrollmentId);
  return enrollments.map((row) => toEnrollmentDto(row, byEnrollment.get(row.id) ?? []));
}

function selectEnrollments(em: EntityManager, filter: EnrollmentFilter) {
  return db(em)
    .selectFrom('enrollment as e')
    .innerJoin('track as t', 't.id', 'e.track_id')
    .innerJoin('app_user as u', 'u.id', 'e.user_id')
    .select([
      'e.id',
      'e.user_id as userId',
      'u.name as userName',
      'e.created_at as enrolledAt',
      'e.completed_at as completedAt',
      't.id as trackId',
      't.slug',
      't.name',
      't.type',
      't.level',
      't.version_major as versionMajor',
      't.version_minor as versionMinor',
      't.is_active as isActive',
    ])
    .where((eb) =>
      'userId' in filter
        ? eb('e.user_id', '=', filter.userId)
        : eb('e.id', 'in', filter.enrollmentIds),
    )
    .orderBy('t.sort_order')
    .orderBy('t.name')
    .orderBy('e.id')
    .execute();
}

/** The active courses of the enrolments' tracks, each with its progress row when it has one. */
function selectCourses(em: EntityManager, filter: EnrollmentFilter) {
  return db(em)
    .selectFrom('enrollment as e')
    .innerJoin('course as c', (join) =>
      join.onRef('c.track_id', '=', 'e.track_id').on('c.is_active', '=', true),
    )
    .leftJoin('course_progress as cp', (join) =>
      join.onRef('cp.enrollment_id', '=', 'e.id').onRef('cp.course_id', '=', 'c.id'),
    )
    .select((eb) => [
      'e.id as enrollmentId',
      'c.id',
      'c.name',
      'c.content_url as contentUrl',
      'c.estimated_minutes as estimatedMinutes',
      'c.sort_order as sortOrder',
      'c.is_required as isRequired',
      eb
        .exists(eb.selectFrom('quiz as q').select('q.id').whereRef('q.course_id', '=', 'c.id'))
        .$castTo<boolean>()
        .as('hasExam'),
      eb.fn.coalesce('cp.status', sql.lit('NOT_STARTED')).$castTo<CourseStatus>().as('status'),
      'cp.started_at as startedAt',
      'cp.completed_at as completedAt',
    ])
    .where((eb) =>
      'userId' in filter
        ? eb('e.user_id', '=', filter.userId)
        : eb('e.id', 'in', filter.enrollmentIds),
    )
    .orderBy('c.sort_order')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

type EnrollmentRow = Awaited<ReturnType<typeof selectEnrollments>>[number];
type CourseRow = Awaited<ReturnType<typeof selectCourses>>[number];

function toEnrollmentDto(row: EnrollmentRow, courseRows: CourseRow[]): EnrollmentDto {
  const courses: EnrolledCourseDto[] = courseRows.map((c) => ({
    id: c.id,
    name: c.name,
    contentUrl: c.contentUrl,
    estimatedMinutes: c.estimatedMinutes,
    sortOrder: c.sortOrder,
    isRequired: c.isRequired,
    hasExam: c.hasExam,
    status: c.status,
    startedAt: iso(c.startedAt),
    completedAt: iso(c.completedAt),
  }));
  const progress = trackProgress(courses);
  return {
    id: row.id,
    userId: row.userId,
    userName: row.userName,
    track: {
      id: row.trackId,
      slug: row.slug,
      name: row.name,
      type: row.type,
      level: row.level,
      version: `${row.versionMajor}.${row.versionMinor}`,
      isActive: row.isActive,
    },
    status: progress.status,
    progressPercent: progress.progressPercent,
    requiredTotal: progress.requiredTotal,
    requiredCompleted: progress.requiredCompleted,
    enrolledAt: iso(row.enrolledAt) ?? '',
    completedAt: iso(row.completedAt),
    courses,
  };
}

export async function getEnrollmentDto(em: EntityManager, id: string): Promise<EnrollmentDto> {
  const [enrollment] = await loadEnrollments(em, { enrollmentIds: [id] });
  return enrollment ?? fail('ENROLLMENT.NOT_FOUND');
}

/**
 * The caller's own enrolments with their due dates and next required step, most urgent first:
 * overdue, then by due date, then those without one, completed tracks last. Three statements.
 */
export async function myTracks(
  em: EntityManager,
  user: SessionUser,
  now: Date,
): Promise<MyTrackDto[]> {
  const enrollments = await loadEnrollments(em, { userId: user.id });
  const dueDates = enrollments.length > 0 ? await dueDatesOf(em, user) : new Map<string, string>();
  return withDueDates(enrollments, dueDates, now);
}

/**
 * One enrolment, for its learner, a client ADMIN of the learner's organisation, or staff.
 * Anyone else gets the same NOT_FOUND as for a missing enrolment.
 */
export async function enrollmentProgress(
  em: EntityManager,
  user: SessionUser,
  enrollmentId: string,
): Promise<EnrollmentDto> {
  const row = await db(em)
    .selectFrom('enrollment as e')
    .innerJoin('app_user as u', 'u.id', 'e.user_id')
    .select(['e.user_id as userId', 'u.organization_id as organizationId'])
    .where('e.id', '=', enrollmentId)
    .executeTakeFirst();
  const scope = scopeOf(user);
  const visible =
    row !== undefined &&
    (row.userId === user.id ||
      scope?.kind === 'all' ||
      (scope?.kind === 'organization' && row.organizationId === scope.organizationId));
  if (!visible) fail('ENROLLMENT.NOT_FOUND');
  return getEnrollmentDto(em, enrollmentId);
}

// ---------------------------------------------------------------------------------------------
// Course steps: NOT_STARTED → IN_PROGRESS → COMPLETED, each a conditional UPDATE so that
// repeated and concurrent calls change a row at most once.

interface CourseOfEnrollment {
  enrollmentId: string;
  courseId: string;
  hasExam: boolean;
}

/** The caller's enrolment for the track of an active course. */
async function ownCourse(
  tx: EntityManager,
  user: SessionUser,
  courseId: string,
): Promise<CourseOfEnrollment> {
  const row = await db(tx)
    .selectFrom('course as c')
    .leftJoin('enrollment as e', (join) =>
      join.onRef('e.track_id', '=', 'c.track_id').on('e.user_id', '=', user.id),
    )
    .select((eb) => [
      'c.track_id as trackId',
      'c.is_active as isActive',
      eb
        .exists(eb.selectFrom('quiz as q').select('q.id').whereRef('q.course_id', '=', 'c.id'))
        .$castTo<boolean>()
        .as('hasExam'),
      'e.id as enrollmentId',
    ])
    .where('c.id', '=', courseId)
    .executeTakeFirst();
  if (!row) return fail('COURSE.NOT_FOUND', 'No such course');
  if (row.enrollmentId === null) {
    return fail('ENROLLMENT.NOT_FOUND', "You are not enrolled in this course's track");
  }
  if (!row.isActive) return fail('COURSE.ARCHIVED');
  return { enrollmentId: row.enrollmentId, courseId, hasExam: row.hasExam };
}

export interface CourseAdvance {
  /** False when the course was at (or past) the target already: nothing was written. */
  changed: boolean;
  /** The course's status after the call. */
  status: CourseStatus;
  /** The enrolment became complete with this change. */
  trackCompleted: boolean;
}

/**
 * Moves one course of an enrolment forward to IN_PROGRESS or COMPLETED, creating its progress
 * row first if the course was added after the enrolment. Completing recomputes the enrolment's
 * completion in the same transaction. Call inside a transaction. Also the entry point for
 * quiz grading (a passing attempt completes its course), which skips the quiz check below.
 */
export async function advanceCourse(
  tx: EntityManager,
  enrollmentId: string,
  courseId: string,
  to: 'IN_PROGRESS' | 'COMPLETED',
  now: Date,
): Promise<CourseAdvance> {
  const q = db(tx);
  await q
    .insertInto('course_progress')
    .values({
      id: sql<string>`gen_random_uuid()`,
      enrollment_id: enrollmentId,
      course_id: courseId,
      status: 'NOT_STARTED',
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['enrollment_id', 'course_id']).doNothing())
    .execute();
  const updated = await q
    .updateTable('course_progress')
    .set((eb) =>
      to === 'IN_PROGRESS'
        ? { status: 'IN_PROGRESS', started_at: now, updated_at: now }
        : {
            status: 'COMPLETED',
            started_at: eb.fn.coalesce('started_at', eb.val(now)),
            completed_at: now,
            updated_at: now,
          },
    )
    .where('enrollment_id', '=', enrollmentId)
    .where('course_id', '=', courseId)
    .where('status', 'in', to === 'IN_PROGRESS' ? ['NOT_STARTED'] : ['NOT_STARTED', 'IN_PROGRESS'])
    .returning('id')
    .execute();
  if (updated.length > 0) {
    const completed =
      to === 'COMPLETED'
        ? await recomputeCompletion(tx, { enrollmentIds: [enrollmentId] }, now)
        : [];
    return { changed: true, status: to, trackCompleted: completed.length > 0 };
  }
  const current = await q
    .selectFrom('course_progress')
    .select('status')
    .where('enrollment_id', '=', enrollmentId)
    .where('course_id', '=', courseId)
    .executeTakeFirst();
  return { changed: false, status: current?.status ?? 'NOT_STARTED', trackCompleted: false };
}

/** Starts a course of the caller's own enrolment; a started, completed or failed course stays. */
export async function startCourse(
  em: EntityManager,
  user: SessionUser,
  courseId: string,
  now: Date,
): Promise<EnrollmentDto> {
  const enrollmentId = await em.transactional(async (tx) => {
    const course = await ownCourse(tx, user, courseId);
    await advanceCourse(tx, course.enrollmentId, courseId, 'IN_PROGRESS', now);
    return course.enrollmentId;
  });
  return getEnrollmentDto(em, enrollmentId);
}

/**
 * Marks a course of the caller's own enrolment completed. Refused for a course with a quiz
 * (only a passing attempt completes it) and for a FAILED course; completing a completed course
 * changes nothing and answers the same.
 */
export async function completeCourse(
  em: EntityManager,
  user: SessionUser,
  courseId: string,
  now: Date,
): Promise<EnrollmentDto> {
  const enrollmentId = await em.transactional(async (tx) => {
    const course = await ownCourse(tx, user, courseId);
    if (course.hasExam) {
      fail('COURSE.REQUIRES_QUIZ');
    }
    const result = await advanceCourse(tx, course.enrollmentId, courseId, 'COMPLETED', now);
    if (result.status === 'FAILED') {
      fail('COURSE.FAILED');
    }
    return course.enrollmentId;
  });
  return getEnrollmentDto(em, enrollmentId);
}
