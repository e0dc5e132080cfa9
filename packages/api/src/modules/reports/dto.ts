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

/** The columns of the CSV export, in order, with the headers people read. */
export const TRACK_SUMMARY_COLUMNS = [
  { key: 'organizationName', header: 'Organisation' },
  { key: 'trackName', header: 'Track' },
  { key: 'enrolled', header: 'Enrolled' },
  { key: 'completed', header: 'Completed' },
  { key: 'inProgress', header: 'In progress' },
  { key: 'notStarted', header: 'Not started' },
  { key: 'failed', header: 'Failed' },
  { key: 'completionRate', header: 'Completion rate (%)' },
  { key: 'trackId', header: 'Track ID' },
] as const satisfies readonly {
  key: keyof TrackSummaryRowDto | 'organizationName';
  header: string;
}[];
