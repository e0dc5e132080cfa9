import { z } from 'zod';
import { ZDate, ZId, ZText } from './common.ts';

/** Most rows one `health.ingest` batch or CSV upload takes. */
export const INGEST_MAX_ROWS = 5000;

/** A metric key as the catalog spells it (`login_rate`). */
export const ZMetricKey = z
  .string()
  .min(1, 'Required')
  .max(100, 'At most 100 characters')
  .regex(/^[a-z][a-z0-9_]*$/, 'Use a metric key such as login_rate');

export const ZMetricValueRow = z.strictObject({
  /** Omitted by a client admin: their own organisation. Staff name it on every row. */
  organizationId: ZId.optional(),
  metricKey: ZMetricKey,
  measuredOn: ZDate,
  value: z.number({ message: 'The value must be a number' }),
});
export type MetricValueRow = z.infer<typeof ZMetricValueRow>;

/** `health.ingest`: a batch of values; each row is checked and reported on its own. */
export const ZIngestInput = z.strictObject({
  rows: z
    .array(ZMetricValueRow)
    .min(1, 'Give at least one row')
    .max(INGEST_MAX_ROWS, `At most ${INGEST_MAX_ROWS} rows`),
});
export type IngestInput = z.infer<typeof ZIngestInput>;

/**
 * `health.ingestCsv`: CSV text with the columns `metric`, `measured_on`, `value` and, for
 * staff, `organization_id`. Lines are checked one by one, like `health.ingest` rows.
 */
export const ZIngestCsvInput = z.strictObject({
  /** The organisation of rows without an `organization_id` column or cell. */
  organizationId: ZId.optional(),
  csv: ZText({ max: 1_000_000, trim: false, maxMessage: 'At most 1 MB of CSV' }).refine(
    (s) => s.trim().length > 0,
    'The CSV is empty',
  ),
});
export type IngestCsvInput = z.infer<typeof ZIngestCsvInput>;

/** `health.values`: an organisation's values over time, optionally of one metric. */
export const ZMetricValuesInput = z.strictObject({
  organizationId: ZId,
  metricKey: ZMetricKey.optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
});
export type MetricValuesInput = z.infer<typeof ZMetricValuesInput>;

/**
 * `benchmarks.compare` and `benchmarks.history`: an organisation and a metric, compared with
 * all customers, or within its own industry and/or employee band.
 */
export const ZCompareInput = z.strictObject({
  organizationId: ZId,
  metricKey: ZMetricKey,
  industry: z.boolean().default(false),
  band: z.boolean().default(false),
});
export type CompareInput = z.infer<typeof ZCompareInput>;

export const ZHistoryInput = ZCompareInput.extend({
  /** How many of the latest daily runs; 90 by default. */
  days: z.number().int().min(1).max(400).default(90),
});
export type HistoryInput = z.infer<typeof ZHistoryInput>;

export const ZRunsInput = z
  .strictObject({ limit: z.number().int().min(1).max(200).default(30) })
  .default({ limit: 30 });
export type RunsInput = z.infer<typeof ZRunsInput>;
