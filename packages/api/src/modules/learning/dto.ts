import { z } from 'zod';
import { COURSE_STATUSES, TRACK_LEVELS, TRACK_TYPES, USER_ROLES } from '@credence/domain';

const ZCourseStatus = z.enum(COURSE_STATUSES);

/** One active course of an enrolment's track with the learner's status in it. */
export const ZEnrolledCourseDto = z.object({
  id: z.string(),
  name: z.string(),
  contentUrl: z.string(),
  estimatedMinutes: z.number().int(),
  sortOrder: z.number().int(),
  isRequired: z.boolean(),
  /** The course has a quiz: it is completed by a passing attempt, not by `completeCourse`. */
  hasExam: z.boolean(),
  /** NOT_STARTED when no progress row exists yet (a course added after the enrolment). */
  status: ZCourseStatus,
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type EnrolledCourseDto = z.infer<typeof ZEnrolledCourseDto>;

/**
 * An enrolment with its track and progress. Status and percent are computed on every read
 * with the domain's `trackProgress` from the active courses and their progress rows.
 */
export const ZEnrollmentDto = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  track: z.object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    type: z.enum(TRACK_TYPES),
    level: z.enum(TRACK_LEVELS),
    /** 'major.minor', e.g. '2.3'. */
    version: z.string(),
    isActive: z.boolean(),
  }),
  status: ZCourseStatus,
  progressPercent: z.number().int(),
  requiredTotal: z.number().int(),
  requiredCompleted: z.number().int(),
  enrolledAt: z.string(),
  completedAt: z.string().nullable(),
  courses: z.array(ZEnrolledCourseDto),
});
export type EnrollmentDto = z.infer<typeof ZEnrollmentDto>;

/** A learner's own track (`learning.myTracks`, the person page): the enrolment and what is due. */
export const ZMyTrackDto = ZEnrollmentDto.extend({
  /**
   * The earliest due date of the training assigned to the person's role in their
   * organisation's open projects (not live, not cancelled); null when none has one.
   */
  dueDate: z.string().nullable(),
  /** Past its due date and not completed. */
  overdue: z.boolean(),
  /** The first required course not completed yet (never an optional one); null when done. */
  nextStep: z
    .object({ courseId: z.string(), courseName: z.string(), status: ZCourseStatus })
    .nullable(),
});
export type MyTrackDto = z.infer<typeof ZMyTrackDto>;

export const ZEnrollResultDto = z.object({
  /** False when the user was enrolled already: the existing enrolment is returned. */
  created: z.boolean(),
  enrollment: ZEnrollmentDto,
});
export type EnrollResultDto = z.infer<typeof ZEnrollResultDto>;

export const BULK_ROW_STATUSES = ['ENROLLED', 'ALREADY_ENROLLED', 'ERROR'] as const;
export type BulkRowStatus = (typeof BULK_ROW_STATUSES)[number];

export const ZBulkEnrollRowDto = z.object({
  /** Position in the list (from 1), or the CSV line (the header is line 1). */
  row: z.number().int(),
  /** The address as normalised (trimmed, lower case), or as given when it is not one. */
  email: z.string(),
  status: z.enum(BULK_ROW_STATUSES),
  message: z.string().optional(),
});
export type BulkEnrollRowDto = z.infer<typeof ZBulkEnrollRowDto>;

export const ZBulkEnrollResultDto = z.object({
  trackId: z.string(),
  results: z.array(ZBulkEnrollRowDto),
  totals: z.object({
    rows: z.number().int(),
    enrolled: z.number().int(),
    alreadyEnrolled: z.number().int(),
    errors: z.number().int(),
  }),
});
export type BulkEnrollResultDto = z.infer<typeof ZBulkEnrollResultDto>;

/** A row of the enrolment list and of the learner-progress export. */
export const ZEnrollmentRowDto = z.object({
  enrollmentId: z.string(),
  userId: z.string(),
  userName: z.string(),
  email: z.string(),
  role: z.enum(USER_ROLES),
  /** Null for staff (internal tracks). */
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  trackId: z.string(),
  trackName: z.string(),
  status: ZCourseStatus,
  progressPercent: z.number().int(),
  requiredTotal: z.number().int(),
  requiredCompleted: z.number().int(),
  enrolledAt: z.string(),
  completedAt: z.string().nullable(),
  /** As on the learner's own tracks: their role's assignments in open projects. */
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
});
export type EnrollmentRowDto = z.infer<typeof ZEnrollmentRowDto>;

export const ZEnrollmentPageDto = z.object({
  items: z.array(ZEnrollmentRowDto),
  total: z.number().int(),
});
export type EnrollmentPageDto = z.infer<typeof ZEnrollmentPageDto>;
