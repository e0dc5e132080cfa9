import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import {
  EMPLOYEE_BANDS,
  PEER_GROUP_KINDS,
  describePeerGroup,
  peerGroupDisclosure,
  peerGroupHiddenText,
  peerGroupKind,
  peerGroupLabel,
  type CompareInput,
  type Direction,
  type HistoryInput,
  type PeerGroupCounts,
  type PeerGroupKind,
} from '@credence/domain';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';
import { findScopedOrganization } from '../organizations/service.ts';

export interface MetricDto {
  key: string;
  label: string;
  unit: string;
  direction: Direction;
  /** The valid range of a value (inclusive). */
  rangeFrom: number;
  rangeTo: number;
}

export async function listMetrics(em: EntityManager): Promise<MetricDto[]> {
  const result = await sql<MetricDto>`
    select key, label, unit, direction, min_value as "rangeFrom", max_value as "rangeTo"
      from metric order by sort_order, key`.execute(em.getKysely());
  return result.rows;
}

async function findMetric(em: EntityManager, key: string): Promise<MetricDto> {
  const all = await listMetrics(em);
  return all.find((m) => m.key === key) ?? fail('METRIC.NOT_FOUND', 'No such metric');
}

/** One stored rank row: the organisation's groups, their sizes and its ranks, on one day. */
interface RankRow {
  day: string;
  industrySector: string;
  bandMin: number;
  value: number;
  countAll: number;
  countIndustry: number;
  countBand: number;
  countCell: number;
  rankAll: number;
  rankIndustry: number;
  rankBand: number;
  rankCell: number;
}

const RANK_COLUMNS = sql`to_char(day, 'YYYY-MM-DD') as day, industry_sector as "industrySector",
  band_min as "bandMin", value, count_all as "countAll", count_industry as "countIndustry",
  count_band as "countBand", count_cell as "countCell", rank_all as "rankAll",
  rank_industry as "rankIndustry", rank_band as "rankBand", rank_cell as "rankCell"`;

const countsOf = (r: RankRow): PeerGroupCounts => ({
  ALL: r.countAll,
  INDUSTRY: r.countIndustry,
  BAND: r.countBand,
  INDUSTRY_BAND: r.countCell,
});

const RANK_OF: Record<PeerGroupKind, (r: RankRow) => number> = {
  ALL: (r) => r.rankAll,
  INDUSTRY: (r) => r.rankIndustry,
  BAND: (r) => r.rankBand,
  INDUSTRY_BAND: (r) => r.rankCell,
};

function groupOf(kind: PeerGroupKind, r: RankRow) {
  const band = EMPLOYEE_BANDS.find((b) => b.min === r.bandMin);
  const industrySector = kind === 'INDUSTRY' || kind === 'INDUSTRY_BAND' ? r.industrySector : null;
  const withBand = kind === 'BAND' || kind === 'INDUSTRY_BAND';
  const descriptor = {
    industrySector,
    employeeMin: withBand ? (band?.min ?? r.bandMin) : null,
    employeeMax: withBand ? (band?.max ?? null) : null,
  };
  return {
    kind,
    industrySector,
    bandFrom: descriptor.employeeMin,
    bandTo: descriptor.employeeMax,
    label: peerGroupLabel(descriptor),
  };
}

/** Staff see every group and every figure, with a note of what a client would not see. */
export type Audience = 'CLIENT' | 'STAFF';
const audienceOf = (scope: Scope): Audience => (scope.kind === 'all' ? 'STAFF' : 'CLIENT');

export interface CompareDto {
  organizationId: string;
  metric: MetricDto;
  audience: Audience;
  /** Day of the benchmark run compared against; null before the first run. */
  day: string | null;
  /** The organisation's own value used by that run. */
  value: number | null;
  group: ReturnType<typeof groupOf> | null;
  /** e.g. 'Healthcare, 101-500 employees (14 organizations)'; null when hidden from the caller. */
  description: string | null;
  peerCount: number | null;
  percentileRank: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  /** Why (part of) the group is not shown, in plain words; for staff, what clients do not see. */
  notes: string[];
  /** The four groups of the organisation, for choosing one. */
  choices: {
    kind: PeerGroupKind;
    label: string;
    visibleToClients: boolean;
    hiddenReason: string | null;
  }[];
}

async function latestRank(
  em: EntityManager,
  organizationId: string,
  metricKey: string,
): Promise<RankRow | null> {
  const result = await sql<RankRow>`
    select ${RANK_COLUMNS} from benchmark_rank
     where organization_id = ${organizationId} and metric_key = ${metricKey}
     order by day desc limit 1`.execute(em.getKysely());
  return result.rows[0] ?? null;
}

/**
 * An organisation's value and place among its peers for one metric, in all customers or
 * within its industry and/or band, from the latest run. For a client admin the privacy rule
 * of the domain (`peerGroupDisclosure`) decides what is shown: a hidden group shows neither
 * size nor rank nor quartiles, only its name and why; quartiles need 10 organisations. Staff
 * see everything, with notes saying what clients do not see.
 */
export async function compare(
  em: EntityManager,
  scope: Scope,
  input: CompareInput,
): Promise<CompareDto> {
  await findScopedOrganization(em, scope, input.organizationId);
  const metric = await findMetric(em, input.metricKey);
  const audience = audienceOf(scope);
  const kind = peerGroupKind(input.industry, input.band);
  const empty: CompareDto = {
    organizationId: input.organizationId,
    metric,
    audience,
    day: null,
    value: null,
    group: null,
    description: null,
    peerCount: null,
    percentileRank: null,
    p25: null,
    median: null,
    p75: null,
    notes: ['No benchmark has been computed for this organization and metric yet.'],
    choices: [],
  };
  const row = await latestRank(em, input.organizationId, input.metricKey);
  if (!row) return empty;

  const disclosure = peerGroupDisclosure(countsOf(row));
  const group = groupOf(kind, row);
  const quartiles = await sql<{ p25: number; p50: number; p75: number }>`
    select p25, p50, p75 from benchmark_group
     where day = ${row.day}::date and metric_key = ${input.metricKey} and kind = ${kind}
       and industry_sector is not distinct from ${group.industrySector}
       and band_min is not distinct from ${group.bandFrom}`.execute(em.getKysely());
  const q = quartiles.rows[0];
  const peerCount = countsOf(row)[kind];
  const shown = disclosure[kind];
  const notes: string[] = [];
  const hiddenText = shown.hiddenReason ? peerGroupHiddenText(shown.hiddenReason) : null;
  const quartileText =
    shown.visible && !shown.quartiles ? peerGroupHiddenText('FEW_FOR_QUARTILES') : null;
  const seeAll = audience === 'STAFF';
  if (seeAll && (hiddenText ?? quartileText)) {
    notes.push(`Staff view — clients do not see this: ${(hiddenText ?? quartileText) as string}`);
  } else if (hiddenText) notes.push(hiddenText);
  else if (quartileText) notes.push(quartileText);

  const showGroup = seeAll || shown.visible;
  const showQuartiles = seeAll || shown.quartiles;
  return {
    ...empty,
    day: row.day,
    value: row.value,
    group,
    description: showGroup
      ? describePeerGroup(
          {
            industrySector: group.industrySector,
            employeeMin: group.bandFrom,
            employeeMax: group.bandTo,
          },
          peerCount,
        )
      : null,
    peerCount: showGroup ? peerCount : null,
    percentileRank: showGroup ? RANK_OF[kind](row) : null,
    p25: showQuartiles ? (q?.p25 ?? null) : null,
    median: showQuartiles ? (q?.p50 ?? null) : null,
    p75: showQuartiles ? (q?.p75 ?? null) : null,
    notes,
    choices: PEER_GROUP_KINDS.map((k) => {
      const d = disclosure[k];
      return {
        kind: k,
        label: groupOf(k, row).label,
        visibleToClients: d.visible,
        hiddenReason: d.hiddenReason ? peerGroupHiddenText(d.hiddenReason) : null,
      };
    }),
  };
}

export interface HistoryPointDto {
  day: string;
  percentileRank: number | null;
  peerCount: number | null;
  /** Why the point is empty, in plain words (clients); what clients do not see (staff). */
  note: string | null;
}

export interface HistoryDto {
  organizationId: string;
  metricKey: string;
  kind: PeerGroupKind;
  audience: Audience;
  points: HistoryPointDto[];
}

/**
 * The organisation's percentile rank in the chosen group over the latest runs, oldest first.
 * Each day is judged on its own counts by the same privacy rule as `compare`.
 */
export async function history(
  em: EntityManager,
  scope: Scope,
  input: HistoryInput,
): Promise<HistoryDto> {
  await findScopedOrganization(em, scope, input.organizationId);
  await findMetric(em, input.metricKey);
  const audience = audienceOf(scope);
  const kind = peerGroupKind(input.industry, input.band);
  const result = await sql<RankRow>`
    select ${RANK_COLUMNS} from benchmark_rank
     where organization_id = ${input.organizationId} and metric_key = ${input.metricKey}
     order by day desc limit ${input.days}`.execute(em.getKysely());
  const points = result.rows.toReversed().map((row): HistoryPointDto => {
    const shown = peerGroupDisclosure(countsOf(row))[kind];
    const hidden = shown.hiddenReason ? peerGroupHiddenText(shown.hiddenReason) : null;
    if (audience === 'STAFF') {
      return {
        day: row.day,
        percentileRank: RANK_OF[kind](row),
        peerCount: countsOf(row)[kind],
        note: hidden ? `Staff view — clients do not see this: ${hidden}` : null,
      };
    }
    return shown.visible
      ? {
          day: row.day,
          percentileRank: RANK_OF[kind](row),
          peerCount: countsOf(row)[kind],
          note: null,
        }
      : { day: row.day, percentileRank: null, peerCount: null, note: hidden };
  });
  return {
    organizationId: input.organizationId,
    metricKey: input.metricKey,
    kind,
    audience,
    points,
  };
}
