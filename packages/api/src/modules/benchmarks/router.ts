import { z } from 'zod';
import {
  DIRECTIONS,
  PEER_GROUP_KINDS,
  ZCompareInput,
  ZHistoryInput,
  ZRunsInput,
} from '@credence/domain';
import { env } from '../../env.ts';
import { clientAdminProcedure, router, staffProcedure } from '../../trpc.ts';
import { listRuns, runBenchmarks } from './nightly.ts';
import { compare, history, listMetrics } from './service.ts';

const ZMetricDto = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  direction: z.enum(DIRECTIONS),
  rangeFrom: z.number(),
  rangeTo: z.number(),
});

const ZAudience = z.enum(['CLIENT', 'STAFF']);

const ZCompareDto = z.object({
  organizationId: z.string(),
  metric: ZMetricDto,
  audience: ZAudience,
  day: z.string().nullable(),
  value: z.number().nullable(),
  group: z
    .object({
      kind: z.enum(PEER_GROUP_KINDS),
      industrySector: z.string().nullable(),
      bandFrom: z.number().nullable(),
      bandTo: z.number().nullable(),
      label: z.string(),
    })
    .nullable(),
  description: z.string().nullable(),
  peerCount: z.number().nullable(),
  percentileRank: z.number().nullable(),
  p25: z.number().nullable(),
  median: z.number().nullable(),
  p75: z.number().nullable(),
  notes: z.array(z.string()),
  choices: z.array(
    z.object({
      kind: z.enum(PEER_GROUP_KINDS),
      label: z.string(),
      visibleToClients: z.boolean(),
      hiddenReason: z.string().nullable(),
    }),
  ),
});

const ZHistoryDto = z.object({
  organizationId: z.string(),
  metricKey: z.string(),
  kind: z.enum(PEER_GROUP_KINDS),
  audience: ZAudience,
  points: z.array(
    z.object({
      day: z.string(),
      percentileRank: z.number().nullable(),
      peerCount: z.number().nullable(),
      note: z.string().nullable(),
    }),
  ),
});

export const ZBenchmarkRunDto = z.object({
  id: z.string(),
  day: z.string(),
  trigger: z.enum(['SCHEDULE', 'MANUAL']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  organizations: z.number(),
  rowsWritten: z.number(),
  durationMs: z.number(),
  outcome: z.enum(['SUCCEEDED', 'FAILED', 'SKIPPED']),
  error: z.string().nullable(),
});

export const benchmarksRouter = router({
  metrics: clientAdminProcedure()
    .output(z.array(ZMetricDto))
    .query(({ ctx }) => listMetrics(ctx.em)),
  /** Staff for any organisation; a client ADMIN for their own, within the privacy rule. */
  compare: clientAdminProcedure()
    .input(ZCompareInput)
    .output(ZCompareDto)
    .query(({ ctx, input }) => compare(ctx.em, ctx.scope, input)),
  history: clientAdminProcedure()
    .input(ZHistoryInput)
    .output(ZHistoryDto)
    .query(({ ctx, input }) => history(ctx.em, ctx.scope, input)),
  /** Runs the benchmark now (the nightly job's computation) and returns the run's record. */
  recalculate: staffProcedure()
    .output(ZBenchmarkRunDto)
    .mutation(({ ctx }) =>
      runBenchmarks(ctx.em, {
        trigger: 'MANUAL',
        timeZone: env().CREDENCE_TIME_ZONE,
        requestedById: ctx.user.id,
      }),
    ),
  runs: staffProcedure()
    .input(ZRunsInput)
    .output(z.array(ZBenchmarkRunDto))
    .query(({ ctx, input }) => listRuns(ctx.em, input.limit)),
});
