import { z } from 'zod';
import { COURSE_STATUSES, USER_ROLES } from '../constants.ts';
import { ZDate, ZId, ZName, ZText } from './common.ts';
import { ZPlanDate, ZProjectStatus } from './learning.ts';

/**
 * Server-side lists (people, enrolments, audit log): filters, one sort column and direction,
 * and a page. The web keeps them in the URL, validated by these same schemas.
 */
const page = {
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
};
export const ZSortDirection = z.enum(['asc', 'desc']);
export type SortDirection = z.infer<typeof ZSortDirection>;
const ZSearch = ZText({ max: 200 });

/** Columns People can be sorted by. */
export const PEOPLE_SORTS = [
  'name',
  'email',
  'role',
  'organization',
  'enrolled',
  'completed',
  'averageProgress',
  'minimumProgress',
  'nextDueDate',
  'createdAt',
] as const;
export const ZUserListInput = z
  .strictObject({
    /** Staff only; a client admin always sees their own organisation. */
    organizationId: ZId.optional(),
    role: z.enum(USER_ROLES).optional(),
    /** Part of the name or email, case-insensitive. */
    search: ZSearch.optional(),
    isActive: z.boolean().optional(),
    /** true: only people behind (an assigned track not completed by its due date). */
    behind: z.boolean().optional(),
    sort: z.enum(PEOPLE_SORTS).default('name'),
    direction: ZSortDirection.default('asc'),
    ...page,
  })
  .default({ sort: 'name', direction: 'asc', limit: 50, offset: 0 });
export type UserListInput = z.infer<typeof ZUserListInput>;

export const ZUserRef = z.strictObject({ id: ZId });
export type UserRef = z.infer<typeof ZUserRef>;

/** Columns the enrolment list can be sorted by. */
export const ENROLLMENT_SORTS = [
  'learner',
  'track',
  'organization',
  'progress',
  'enrolledAt',
  'completedAt',
  'dueDate',
] as const;
export const ZEnrollmentListInput = z
  .strictObject({
    organizationId: ZId.optional(),
    trackId: ZId.optional(),
    status: z.enum(COURSE_STATUSES).optional(),
    /** Part of the learner's name or email. */
    search: ZSearch.optional(),
    /** true: only enrolments past their due date and not completed. */
    overdue: z.boolean().optional(),
    sort: z.enum(ENROLLMENT_SORTS).default('learner'),
    direction: ZSortDirection.default('asc'),
    ...page,
  })
  .default({ sort: 'learner', direction: 'asc', limit: 50, offset: 0 });
export type EnrollmentListInput = z.infer<typeof ZEnrollmentListInput>;

/** `GET /exports/learner-progress.csv` (as query parameters): the same filters, every row. */
export const ZLearnerProgressExportInput = z
  .strictObject({
    organizationId: ZId.optional(),
    trackId: ZId.optional(),
    status: z.enum(COURSE_STATUSES).optional(),
  })
  .default({});
export type LearnerProgressExportInput = z.infer<typeof ZLearnerProgressExportInput>;

export const ZAuditListInput = z
  .strictObject({
    /** Exact action, e.g. 'track.archived'. */
    action: ZText({ min: 1, max: 100 }).optional(),
    actorId: ZId.optional(),
    targetType: ZText({ min: 1, max: 50 }).optional(),
    targetId: ZText({ min: 1, max: 100 }).optional(),
    /** First day included (UTC). */
    from: ZDate.optional(),
    /** Last day included (UTC). */
    to: ZDate.optional(),
    direction: ZSortDirection.default('desc'),
    ...page,
  })
  .refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, {
    message: 'The first day must not be after the last',
    path: ['to'],
  })
  .default({ direction: 'desc', limit: 50, offset: 0 });
export type AuditListInput = z.infer<typeof ZAuditListInput>;

/** `projects.update`: any of name, go-live date and status (LIVE marks the project live). */
export const ZProjectUpdateInput = z.strictObject({
  projectId: ZId,
  name: ZName.optional(),
  goLiveDate: ZPlanDate.optional(),
  status: ZProjectStatus.optional(),
});
export type ProjectUpdateInput = z.infer<typeof ZProjectUpdateInput>;

/** `projects.enrollMissing`: enrol the role's people not enrolled yet in an assignment's track. */
export const ZEnrollMissingInput = z.strictObject({ projectId: ZId, assignmentId: ZId });
export type EnrollMissingInput = z.infer<typeof ZEnrollMissingInput>;
