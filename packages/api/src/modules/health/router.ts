import { z } from 'zod';
import { ZIngestCsvInput, ZIngestInput, ZMetricValuesInput } from '@credence/domain';
import { clientAdminProcedure, router } from '../../trpc.ts';
import { ingestCsv, ingestRows, listValues } from './service.ts';

const ZIngestReportDto = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  rows: z.array(
    z.object({
      row: z.number(),
      status: z.enum(['CREATED', 'UPDATED', 'UNCHANGED', 'REJECTED']),
      message: z.string().nullable(),
    }),
  ),
});

export const healthRouter = router({
  /**
   * Metric values in a batch: staff for any organisation (named on each row), a client ADMIN
   * for their own (rows for another organisation are rejected like unknown ones).
   */
  ingest: clientAdminProcedure()
    .input(ZIngestInput)
    .output(ZIngestReportDto)
    .mutation(({ ctx, input }) => ingestRows(ctx.em, ctx.scope, input.rows)),
  /** The same from a CSV text, reported by line number. */
  ingestCsv: clientAdminProcedure()
    .input(ZIngestCsvInput)
    .output(ZIngestReportDto)
    .mutation(({ ctx, input }) => ingestCsv(ctx.em, ctx.scope, input)),
  /** An organisation's values over time. */
  values: clientAdminProcedure()
    .input(ZMetricValuesInput)
    .output(z.array(z.object({ metricKey: z.string(), measuredOn: z.string(), value: z.number() })))
    .query(({ ctx, input }) => listValues(ctx.em, ctx.scope, input)),
});
