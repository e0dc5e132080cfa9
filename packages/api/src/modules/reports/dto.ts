import { z } from 'zod';

/** One track's enrolments by track status (the four add up to `enrolled`). */
export const ZTrackSummaryRowDto = z.object({
  trackId: z.string(),
  trackName: z.string(),
  enrolled: z.number().int(),
  completed: z.number().int(),
  inProgress: z.number().int(),
  notStarted: z.number().int(),
  failed: z.number().int(),
  /** completed / enrolled as a percentage with one decimal (66.7); 0 without enrolments. */
  completionRate: z.number(),
});
export type TrackSummaryRowDto = z.infer<typeof ZTrackSummaryRowDto>;

/** The columns of the CSV export, in order. */
export const TRACK_SUMMARY_COLUMNS = [
  'trackId',
  'trackName',
  'enrolled',
  'completed',
  'inProgress',
  'notStarted',
  'failed',
  'completionRate',
] as const satisfies readonly (keyof TrackSummaryRowDto)[];
