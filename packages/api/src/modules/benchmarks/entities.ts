import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { DIRECTIONS, PEER_GROUP_KINDS } from '@credence/domain';
import { createdAt, id, updatedAt } from '../../db/columns.ts';
import { Organization } from '../organizations/entities.ts';
import { User } from '../users/entities.ts';

/** The metrics catalog: what organisations report, and the inclusive range a value must be in. */
export const Metric = defineEntity({
  name: 'Metric',
  tableName: 'metric',
  properties: {
    key: p.string().length(100).primary(),
    label: p.string().length(200),
    unit: p.string().length(20),
    direction: p.enum(DIRECTIONS),
    minValue: p.double().$type<number>(),
    maxValue: p.double().$type<number>(),
    sortOrder: p.integer().default(0),
  },
  checks: [{ name: 'metric_range_valid', expression: 'min_value <= max_value' }],
});
export type Metric = InferEntity<typeof Metric>;

/**
 * One value per organisation, metric and measured day; ingesting the same key again replaces
 * the value (`insert … on conflict do update`).
 */
export const MetricValue = defineEntity({
  name: 'MetricValue',
  tableName: 'metric_value',
  properties: {
    organization: () => p.manyToOne(Organization).primary().deleteRule('cascade'),
    metric: () => p.manyToOne(Metric).primary().deleteRule('cascade'),
    measuredOn: p.date().primary(),
    value: p.double().$type<number>(),
    updatedAt: updatedAt(),
  },
});
export type MetricValue = InferEntity<typeof MetricValue>;

/**
 * Each organisation's latest value per metric (the one the benchmark uses), kept in the same
 * statement batch as every ingest: an upsert that only moves forward in time
 * (`where excluded.measured_on >= measured_on`). The nightly run reads this table, so its
 * cost follows the number of organisations, not the length of their history.
 */
export const MetricLatest = defineEntity({
  name: 'MetricLatest',
  tableName: 'metric_latest',
  properties: {
    organization: () => p.manyToOne(Organization).primary().deleteRule('cascade'),
    metric: () => p.manyToOne(Metric).primary().deleteRule('cascade'),
    measuredOn: p.date(),
    value: p.double().$type<number>(),
  },
});
export type MetricLatest = InferEntity<typeof MetricLatest>;

/**
 * One peer group of one metric on one run day: its peer count and quartiles (type 7). Kind
 * ALL has neither industry nor band, INDUSTRY only the industry, BAND only the band (by its
 * lower bound), INDUSTRY_BAND both.
 */
export const BenchmarkGroup = defineEntity({
  name: 'BenchmarkGroup',
  tableName: 'benchmark_group',
  properties: {
    id: p.integer().primary().autoincrement(),
    day: p.date(),
    metric: () => p.manyToOne(Metric).deleteRule('cascade'),
    kind: p.enum(PEER_GROUP_KINDS),
    industrySector: p.string().length(100).nullable(),
    bandMin: p.integer().nullable(),
    peerCount: p.integer(),
    p25: p.double().$type<number>(),
    p50: p.double().$type<number>(),
    p75: p.double().$type<number>(),
  },
  indexes: [
    {
      name: 'benchmark_group_key_unique',
      expression:
        'create unique index "benchmark_group_key_unique" on "benchmark_group" ("day", "metric_key", "kind", "industry_sector", "band_min") nulls not distinct',
    },
  ],
});
export type BenchmarkGroup = InferEntity<typeof BenchmarkGroup>;

/**
 * An organisation's place in its four groups for one metric on one run day: the value used,
 * the group keys at the time, each group's peer count and the percentile rank in it.
 * Derived rows, rewritten by each run: plain key columns without foreign keys, so that
 * writing hundreds of thousands of them costs no per-row trigger.
 */
export const BenchmarkRank = defineEntity({
  name: 'BenchmarkRank',
  tableName: 'benchmark_rank',
  properties: {
    day: p.date().primary(),
    metricKey: p.string().length(100).primary(),
    organizationId: p.uuid().primary(),
    industrySector: p.string().length(100),
    bandMin: p.integer(),
    value: p.double().$type<number>(),
    countAll: p.integer(),
    countIndustry: p.integer(),
    countBand: p.integer(),
    countCell: p.integer(),
    rankAll: p.double().$type<number>(),
    rankIndustry: p.double().$type<number>(),
    rankBand: p.double().$type<number>(),
    rankCell: p.double().$type<number>(),
  },
  indexes: [{ name: 'benchmark_rank_history', properties: ['organizationId', 'metricKey', 'day'] }],
});
export type BenchmarkRank = InferEntity<typeof BenchmarkRank>;

export const BENCHMARK_RUN_OUTCOMES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED'] as const;
export const BENCHMARK_RUN_TRIGGERS = ['SCHEDULE', 'MANUAL'] as const;

/** One nightly or on-demand run: when, how many organisations and rows, how long, outcome. */
export const BenchmarkRun = defineEntity({
  name: 'BenchmarkRun',
  tableName: 'benchmark_run',
  properties: {
    id: id(),
    day: p.date().index(),
    trigger: p.enum(BENCHMARK_RUN_TRIGGERS),
    requestedBy: () => p.manyToOne(User).nullable().deleteRule('set null'),
    startedAt: createdAt(),
    finishedAt: p.datetime().nullable(),
    organizations: p.integer().default(0),
    rowsWritten: p.integer().default(0),
    durationMs: p.integer().default(0),
    outcome: p.enum(BENCHMARK_RUN_OUTCOMES),
    error: p.text().nullable(),
  },
  indexes: [{ properties: ['startedAt'] }],
});
export type BenchmarkRun = InferEntity<typeof BenchmarkRun>;
