import { z } from 'zod';
import { CLIENT_ROLES, PROJECT_STATUSES, TRACK_TYPES } from '@credence/domain';

/** Calendar dates travel as 'YYYY-MM-DD'; instants as ISO strings. */
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ZProjectDto = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  name: z.string(),
  goLiveDate: ZDay,
  status: z.enum(PROJECT_STATUSES),
  assignmentCount: z.number().int(),
  createdAt: z.string(),
});
export type ProjectDto = z.infer<typeof ZProjectDto>;

export const ZAssignmentDto = z.object({
  id: z.string(),
  projectId: z.string(),
  trackId: z.string(),
  trackName: z.string(),
  trackSlug: z.string(),
  trackType: z.enum(TRACK_TYPES),
  trackIsActive: z.boolean(),
  requiredForGoLive: z.boolean(),
  targetRole: z.enum(CLIENT_ROLES),
  requiredCompletions: z.number().int(),
  /** Last day (inclusive) by which the people must be trained. */
  dueDate: ZDay.nullable(),
  createdAt: z.string(),
});
export type AssignmentDto = z.infer<typeof ZAssignmentDto>;

export const ZProjectDetailDto = ZProjectDto.extend({ assignments: z.array(ZAssignmentDto) });
export type ProjectDetailDto = z.infer<typeof ZProjectDetailDto>;

export const ZAssignTrainingResultDto = ZAssignmentDto.extend({
  /** False when the (project, track, role) was assigned already and has been updated. */
  created: z.boolean(),
});
export type AssignTrainingResultDto = z.infer<typeof ZAssignTrainingResultDto>;

export const ZTrainingStatusDto = z.object({
  projectId: z.string(),
  goLiveDate: ZDay,
  /** Every assignment complete (also true for a project without assignments). */
  complete: z.boolean(),
  assignments: z.array(
    z.object({
      assignmentId: z.string(),
      trackId: z.string(),
      trackName: z.string(),
      targetRole: z.enum(CLIENT_ROLES),
      requiredForGoLive: z.boolean(),
      required: z.number().int(),
      completed: z.number().int(),
      complete: z.boolean(),
      /** Not complete and the due date has passed. */
      overdue: z.boolean(),
      dueDate: ZDay.nullable(),
      /** Active people of the role in the organisation. */
      headcount: z.number().int(),
      /** Of those, how many are not enrolled in the track (`projects.enrollMissing` enrols them). */
      notEnrolled: z.number().int(),
      /** The assignment asks for more people than the organisation has in the role. */
      exceedsHeadcount: z.boolean(),
    }),
  ),
});
export type TrainingStatusDto = z.infer<typeof ZTrainingStatusDto>;

export const ZPendingPersonDto = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  requiredCompleted: z.number().int(),
  requiredTotal: z.number().int(),
  /** The domain's trackProgress percent: floor(100 × completed required ÷ required). */
  progressPercent: z.number().int(),
});
export type PendingPersonDto = z.infer<typeof ZPendingPersonDto>;

export const ZGoLiveReadinessDto = z.object({
  projectId: z.string(),
  goLiveDate: ZDay,
  /** True only when no assignment of a go-live-required track is short of people. */
  ready: z.boolean(),
  blocking: z.array(
    z.object({
      assignmentId: z.string(),
      trackId: z.string(),
      trackName: z.string(),
      targetRole: z.enum(CLIENT_ROLES),
      required: z.number().int(),
      completed: z.number().int(),
      /** How many more people must complete the track. */
      missing: z.number().int(),
      overdue: z.boolean(),
      dueDate: ZDay.nullable(),
      /** People of the role enrolled in the track who do not count yet, furthest first. */
      inProgress: z.object({
        total: z.number().int(),
        /** At most `PEOPLE_PER_ASSIGNMENT` of them. */
        people: z.array(ZPendingPersonDto),
      }),
      /** Active people of the role who are not enrolled in the track at all. */
      notEnrolled: z.number().int(),
      forecast: z.object({
        /** The assignment's due date, or the project's go-live date when it has none. */
        deadline: ZDay,
        /** Completions since the project was created: the pace. */
        completedSinceStart: z.number().int(),
        projectedCompletions: z.number().int(),
        onTrack: z.boolean(),
      }),
    }),
  ),
});
export type GoLiveReadinessDto = z.infer<typeof ZGoLiveReadinessDto>;

export const ZEnrollMissingResultDto = z.object({
  assignmentId: z.string(),
  trackId: z.string(),
  /** The people enrolled by this call (none when everyone was enrolled already). */
  enrolledUserIds: z.array(z.string()),
});
export type EnrollMissingResultDto = z.infer<typeof ZEnrollMissingResultDto>;
