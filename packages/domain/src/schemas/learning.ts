import { z } from 'zod';
import { CLIENT_ROLES, PROJECT_STATUSES } from '../constants.ts';
import { ZDate, ZId, ZName } from './common.ts';

export const ZEnrollInput = z.strictObject({
  trackId: ZId,
  /** Someone else to enrol (staff, or a client admin for their own organisation). */
  userId: ZId.optional(),
});
export type EnrollInput = z.infer<typeof ZEnrollInput>;

export const ZBulkEnrollInput = z
  .strictObject({
    trackId: ZId,
    /** Emails, one per row; or CSV text with an `email` column (or one email per line). */
    emails: z.array(z.string().max(400)).max(5000).optional(),
    csv: z.string().max(1_000_000).optional(),
  })
  .refine((v) => (v.emails === undefined) !== (v.csv === undefined), {
    message: 'Give either a list of emails or CSV text',
  });
export type BulkEnrollInput = z.infer<typeof ZBulkEnrollInput>;

export const ZProgressInput = z.strictObject({ enrollmentId: ZId });
export type ProgressInput = z.infer<typeof ZProgressInput>;

export const ZTrackSummaryInput = z
  .strictObject({ organizationId: ZId.optional(), trackId: ZId.optional() })
  .default({});
export type TrackSummaryInput = z.infer<typeof ZTrackSummaryInput>;

export const ZProjectStatus = z.enum(PROJECT_STATUSES);
export const ZProjectListInput = z.strictObject({ organizationId: ZId.optional() }).default({});
export type ProjectListInput = z.infer<typeof ZProjectListInput>;
export const ZProjectCreateInput = z.strictObject({
  organizationId: ZId,
  name: ZName,
  goLiveDate: ZDate,
  status: ZProjectStatus.default('PLANNING'),
});
export type ProjectCreateInput = z.infer<typeof ZProjectCreateInput>;
export const ZAssignTrainingInput = z.strictObject({
  projectId: ZId,
  trackId: ZId,
  targetRole: z.enum(CLIENT_ROLES),
  requiredCompletions: z.number().int().min(1, 'At least one person').max(100_000),
  dueDate: ZDate.nullable().default(null),
});
export type AssignTrainingInput = z.infer<typeof ZAssignTrainingInput>;
export const ZProjectRef = z.strictObject({ projectId: ZId });
export type ProjectRef = z.infer<typeof ZProjectRef>;
