import type { EntityManager } from '@mikro-orm/postgresql';
import {
  trackProgress,
  type CourseStatus,
  type TrackLevel,
  type TrackType,
} from '@credence/domain';
import type { SessionUser } from '../../context.ts';
import { fail } from '../../errors.ts';
import { scopeOf } from '../../trpc.ts';
import { recomputeCompletion } from './completion.ts';
import { dueDatesOf, withDueDates } from './due.ts';
import type { EnrolledCourseDto, EnrollmentDto, MyTrackDto } from './dto.ts';

// ---------------------------------------------------------------------------------------------
// Reads. Raw SQL, two queries whatever the number of enrolments; status and percent are
// computed here from the active courses left-joined to the progress rows (a missing row is
// NOT_STARTED), with the domain's rule — never read from a stored counter.

/** Raw query timestamps may arrive as strings; the DTOs carry ISO strings. */
const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

interface EnrollmentRow {
  id: string;
  userId: string;
  userName: string;
  enrolledAt: Date | string;
  completedAt: Date | string | null;
  trackId: string;
  slug: string;
  name: string;
  type: TrackType;
  level: TrackLevel;
  versionMajor: number;
  versionMinor: number;
  isActive: boolean;
}

interface CourseRow {
  enrollmentId: string;
  id: string;
  name: string;
  contentUrl: string;
  estimatedMinutes: number;
  sortOrder: number;
  isRequired: boolean;
  hasExam: boolean;
  status: CourseStatus;
  startedAt: Date | string | null;
  completedAt: Date | string | null;
}

export type EnrollmentFilter = { userId: string } | { enrollmentIds: string[] };

export async function loadEnrollments(
  em: EntityManager,
  filter: EnrollmentFilter,
): Promise<EnrollmentDto[]> {
  const byUser = 'userId' in filter;
  if (!byUser && filter.enrollmentIds.length === 0) return [];
  const where = byUser ? 'e.user_id = ?' : 'e.id in (?)';
  const param = byUser ? filter.userId : filter.enrollmentIds;
  const enrollments = await em.execute<EnrollmentRow[]>(
    `select e.id, e.user_id as "userId", u.name as "userName", e.created_at as "enrolledAt",
            e.completed_at as "completedAt", t.id as "trackId", t.slug, t.name, t.type, t.level,
            t.version_major as "versionMajor", t.version_minor as "versionMinor",
            t.is_active as "isActive"
       from enrollment e
       join track t on t.id = e.track_id
       join app_user u on u.id = e.user_id
      where ${where}
      order by t.sort_order, t.name, e.id`,
    [param],
  );
  if (enrollments.length === 0) return [];
  const courses = await em.execute<CourseRow[]>(
    `select e.id as "enrollmentId", c.id, c.name, c.content_url as "contentUrl",
            c.estimated_minutes as "estimatedMinutes", c.sort_order as "sortOrder",
            c.is_required as "isRequired",
            exists (select 1 from quiz q where q.course_id = c.id) as "hasExam",
            coalesce(cp.status, 'NOT_STARTED') as status,
            cp.started_at as "startedAt", cp.completed_at as "completedAt"
       from enrollment e
       join course c on c.track_id = e.track_id and c.is_active
       left join course_progress cp on cp.enrollment_id = e.id and cp.course_id = c.id
      where ${where}
      order by c.sort_order, c.created_at, c.id`,
    [param],
  );
  const byEnrollment = Map.groupBy(courses, (c) => c.enrollmentId);
  return enrollments.map((row) => toEnrollmentDto(row, byEnrollment.get(row.id) ?? []));
}

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
  const [row] = await em.execute<{ userId: string; organizationId: string | null }[]>(
    `select e.user_id as "userId", u.organization_id as "organizationId"
       from enrollment e join app_user u on u.id = e.user_id
      where e.id = ?`,
    [enrollmentId],
  );
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
  const [row] = await tx.execute<
    { trackId: string; isActive: boolean; hasExam: boolean; enrollmentId: string | null }[]
  >(
    `select c.track_id as "trackId", c.is_active as "isActive",
            exists (select 1 from quiz q where q.course_id = c.id) as "hasExam",
            e.id as "enrollmentId"
       from course c
       left join enrollment e on e.track_id = c.track_id and e.user_id = ?
      where c.id = ?`,
    [user.id, courseId],
  );
  if (!row) return fail('COURSE.NOT_FOUND');
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
  await tx.execute(
    `insert into course_progress (id, enrollment_id, course_id, status, updated_at)
     values (gen_random_uuid(), ?, ?, 'NOT_STARTED', ?)
     on conflict (enrollment_id, course_id) do nothing`,
    [enrollmentId, courseId, now],
  );
  const updated =
    to === 'IN_PROGRESS'
      ? await tx.execute<{ id: string }[]>(
          `update course_progress
              set status = 'IN_PROGRESS', started_at = ?, updated_at = ?
            where enrollment_id = ? and course_id = ? and status = 'NOT_STARTED'
            returning id`,
          [now, now, enrollmentId, courseId],
        )
      : await tx.execute<{ id: string }[]>(
          `update course_progress
              set status = 'COMPLETED', started_at = coalesce(started_at, ?), completed_at = ?,
                  updated_at = ?
            where enrollment_id = ? and course_id = ? and status in ('NOT_STARTED', 'IN_PROGRESS')
            returning id`,
          [now, now, now, enrollmentId, courseId],
        );
  if (updated.length > 0) {
    const completed =
      to === 'COMPLETED'
        ? await recomputeCompletion(tx, { enrollmentIds: [enrollmentId] }, now)
        : [];
    return { changed: true, status: to, trackCompleted: completed.length > 0 };
  }
  const [current] = await tx.execute<{ status: CourseStatus }[]>(
    'select status from course_progress where enrollment_id = ? and course_id = ?',
    [enrollmentId, courseId],
  );
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
