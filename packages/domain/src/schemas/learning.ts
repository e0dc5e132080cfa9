import { z } from 'zod';
import { CLIENT_ROLES, PROJECT_STATUSES } from '../constants.ts';
import { ZDate, ZId, ZName, ZText } from './common.ts';

/** Most rows one bulk enrolment takes, from a list or a CSV text. */
export const BULK_ENROLL_MAX_ROWS = 5000;

export const ZEnrollInput = z.strictObject({
  trackId: ZId,
  /**
   * Someone else to enrol: catalog staff for anyone, a client admin for their own
   * organisation's users. Omitted (or the caller's own id): the caller enrols themselves.
   */
  userId: ZId.optional(),
});
export type EnrollInput = z.infer<typeof ZEnrollInput>;

export const ZBulkEnrollInput = z
  .strictObject({
    trackId: ZId,
    /**
     * Emails, one per row. Entries are checked one by one (a malformed one is an error row in
     * the report, not a rejected call), so they are plain strings here.
     */
    emails: z
      .array(ZText({ max: 400, trim: false }))
      .min(1, 'Give at least one email')
      .max(BULK_ENROLL_MAX_ROWS, `At most ${BULK_ENROLL_MAX_ROWS} rows`)
      .optional(),
    /** CSV text with an `email` column, or one email per line without a header. */
    csv: ZText({ max: 1_000_000, trim: false, maxMessage: 'At most 1 MB of CSV' })
      .refine((s) => s.trim().length > 0, 'The CSV is empty')
      .optional(),
  })
  .refine((v) => (v.emails === undefined) !== (v.csv === undefined), {
    message: 'Give either a list of emails or CSV text',
  });
export type BulkEnrollInput = z.infer<typeof ZBulkEnrollInput>;

export const ZProgressInput = z.strictObject({ enrollmentId: ZId });
export type ProgressInput = z.infer<typeof ZProgressInput>;

/** `learning.startCourse` and `learning.completeCourse`: a course of the caller's own enrolment. */
export const ZCourseStepInput = z.strictObject({ courseId: ZId });
export type CourseStepInput = z.infer<typeof ZCourseStepInput>;

/** `reports.trackSummary` and `GET /exports/track-summary.csv` (as query parameters). */
export const ZTrackSummaryInput = z
  .strictObject({ organizationId: ZId.optional(), trackId: ZId.optional() })
  .default({});
export type TrackSummaryInput = z.infer<typeof ZTrackSummaryInput>;

export const ZProjectStatus = z.enum(PROJECT_STATUSES);
/** A planning date; the range keeps out years PostgreSQL or a calendar cannot hold (e.g. 0000). */
export const ZPlanDate = ZDate.refine((d) => d >= '2000-01-01' && d <= '2999-12-31', {
  message: 'Use a date between 2000 and 2999',
});
/** Staff may filter by organisation; a client admin always sees their own organisation's. */
export const ZProjectListInput = z
  .strictObject({ organizationId: ZId.optional(), status: ZProjectStatus.optional() })
  .default({});
export type ProjectListInput = z.infer<typeof ZProjectListInput>;
export const ZProjectCreateInput = z.strictObject({
  organizationId: ZId,
  name: ZName,
  goLiveDate: ZPlanDate,
  status: ZProjectStatus.default('PLANNING'),
});
export type ProjectCreateInput = z.infer<typeof ZProjectCreateInput>;
export const ZAssignTrainingInput = z.strictObject({
  projectId: ZId,
  trackId: ZId,
  targetRole: z.enum(CLIENT_ROLES),
  requiredCompletions: z.number().int().min(1, 'At least one person').max(100_000),
  /** The last day (inclusive) by which the people must be trained; null for none. */
  dueDate: ZPlanDate.nullable().default(null),
});
/** Assigning the same (project, track, role) again replaces its count and due date. */
export type AssignTrainingInput = z.infer<typeof ZAssignTrainingInput>;
export const ZProjectRef = z.strictObject({ projectId: ZId });
export type ProjectRef = z.infer<typeof ZProjectRef>;
