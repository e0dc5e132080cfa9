import type { EntityManager } from '@mikro-orm/postgresql';
import { CsvError, parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import {
  ZDate,
  ZId,
  ZMetricKey,
  metricValueProblem,
  type IngestCsvInput,
  type MetricValueRow,
  type MetricValuesInput,
} from '@credence/domain';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';
import { findScopedOrganization } from '../organizations/service.ts';

export type IngestRowStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED';

export interface IngestReport {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** One entry per input row (a CSV line number, or the 1-based position in the batch). */
  rows: { row: number; status: IngestRowStatus; message: string | null }[];
}

interface Candidate {
  row: number;
  value?: {
    organizationId?: string | undefined;
    metricKey: string;
    measuredOn: string;
    value: number;
  };
  problem?: string;
}

interface Valid {
  row: number;
  organizationId: string;
  metricKey: string;
  measuredOn: string;
  value: number;
}

/**
 * Stores metric values and reports on every row. Rows are independent: a row with an unknown
 * metric, a value outside the metric's range, an organisation the caller may not write for
 * (answered like an unknown one), or the same organisation + metric + day as an earlier row
 * of the batch is rejected and the others are written — one upsert for the values and one for
 * each organisation's latest value, in one transaction. Writing a value again is idempotent:
 * the same value is UNCHANGED, another value for the same day replaces it (UPDATED).
 */
async function ingest(
  em: EntityManager,
  scope: Scope,
  candidates: Candidate[],
): Promise<IngestReport> {
  const db = em.getKysely();
  const metrics = await sql<{ key: string; minValue: number; maxValue: number }>`
    select key, min_value as "minValue", max_value as "maxValue" from metric`.execute(db);
  const metricByKey = new Map(metrics.rows.map((m) => [m.key, m]));
  const askedOrgs = [
    ...new Set(
      candidates.flatMap((c) => (c.value?.organizationId ? [c.value.organizationId] : [])),
    ),
  ];
  const known = new Set(
    askedOrgs.length === 0
      ? []
      : (
          await sql<{
            id: string;
          }>`select id from organization where id = any(${askedOrgs}::uuid[])`.execute(db)
        ).rows.map((r) => r.id),
  );

  const rows: IngestReport['rows'] = [];
  const valid: Valid[] = [];
  const firstRowOfKey = new Map<string, number>();
  for (const candidate of candidates) {
    const reject = (message: string) =>
      rows.push({ row: candidate.row, status: 'REJECTED', message });
    const value = candidate.value;
    if (!value) {
      reject(candidate.problem ?? 'Unreadable row');
      continue;
    }
    const organizationId =
      value.organizationId ?? (scope.kind === 'organization' ? scope.organizationId : undefined);
    if (!organizationId) {
      reject('Name the organization (organizationId)');
      continue;
    }
    if (
      (scope.kind === 'organization' && organizationId !== scope.organizationId) ||
      (value.organizationId !== undefined && !known.has(organizationId))
    ) {
      reject('No such organization');
      continue;
    }
    const metric = metricByKey.get(value.metricKey);
    if (!metric) {
      reject(`Unknown metric ${value.metricKey}`);
      continue;
    }
    const problem = metricValueProblem(metric, value.value);
    if (problem) {
      reject(problem);
      continue;
    }
    const key = `${organizationId}|${value.metricKey}|${value.measuredOn}`;
    const first = firstRowOfKey.get(key);
    if (first !== undefined) {
      reject(`Same organization, metric and day as row ${String(first)}`);
      continue;
    }
    firstRowOfKey.set(key, candidate.row);
    rows.push({ row: candidate.row, status: 'UNCHANGED', message: null });
    valid.push({
      row: candidate.row,
      organizationId,
      metricKey: value.metricKey,
      measuredOn: value.measuredOn,
      value: value.value,
    });
  }

  if (valid.length > 0) {
    const payload = JSON.stringify(valid);
    const written = await em.transactional(async (tx) => {
      const txDb = tx.getKysely();
      // Sorted by key so that concurrent batches lock shared rows in the same order.
      const changed = await sql<{ row: number; created: boolean }>`
        with input as (
          select * from jsonb_to_recordset(${payload}::jsonb)
            as x("row" int, "organizationId" uuid, "metricKey" text, "measuredOn" date, value float8)
        ),
        upserted as (
          insert into metric_value (organization_id, metric_key, measured_on, value, updated_at)
          select "organizationId", "metricKey", "measuredOn", value, now() from input
           order by "organizationId", "metricKey", "measuredOn"
          on conflict (organization_id, metric_key, measured_on)
          do update set value = excluded.value, updated_at = excluded.updated_at
           where metric_value.value is distinct from excluded.value
          returning organization_id, metric_key, measured_on, (xmax = 0) as created
        )
        select i."row", u.created from upserted u
          join input i on i."organizationId" = u.organization_id and i."metricKey" = u.metric_key
                      and i."measuredOn" = u.measured_on`.execute(txDb);
      await sql`
        insert into metric_latest (organization_id, metric_key, measured_on, value)
        select distinct on ("organizationId", "metricKey") "organizationId", "metricKey", "measuredOn", value
          from jsonb_to_recordset(${payload}::jsonb)
            as x("organizationId" uuid, "metricKey" text, "measuredOn" date, value float8)
         order by "organizationId", "metricKey", "measuredOn" desc
        on conflict (organization_id, metric_key)
        do update set measured_on = excluded.measured_on, value = excluded.value
         where excluded.measured_on >= metric_latest.measured_on`.execute(txDb);
      return changed.rows;
    });
    const status = new Map(written.map((w) => [w.row, w.created ? 'CREATED' : 'UPDATED'] as const));
    for (const entry of rows) {
      const s = status.get(entry.row);
      if (s && entry.status === 'UNCHANGED') entry.status = s;
    }
  }

  rows.sort((a, b) => a.row - b.row);
  const count = (s: IngestRowStatus) => rows.filter((r) => r.status === s).length;
  return {
    created: count('CREATED'),
    updated: count('UPDATED'),
    unchanged: count('UNCHANGED'),
    rejected: count('REJECTED'),
    rows,
  };
}

/** `health.ingest`: rows of an already validated batch, numbered from 1. */
export function ingestRows(em: EntityManager, scope: Scope, input: MetricValueRow[]) {
  return ingest(
    em,
    scope,
    input.map((value, index) => ({ row: index + 1, value })),
  );
}

const COLUMNS = {
  organizationId: /^organi[sz]ation(_| )?id$/i,
  metricKey: /^metric(_| )?(key)?$/i,
  measuredOn: /^(measured(_| )?on|day|date)$/i,
  value: /^value$/i,
};

/**
 * `health.ingestCsv`: a header line naming the columns `metric`, `measured_on`, `value` and
 * optionally `organization_id`, then one value per line. Each line is checked like a row of
 * `health.ingest` and reported by its line number.
 */
export async function ingestCsv(em: EntityManager, scope: Scope, input: IngestCsvInput) {
  if (input.organizationId !== undefined) {
    await findScopedOrganization(em, scope, input.organizationId);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(input.csv, {
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      return fail('METRIC_VALUE.INVALID_CSV', `The CSV could not be read: ${error.message}`);
    }
    throw error;
  }
  const header = records[0]?.record ?? [];
  const column = (pattern: RegExp) => header.findIndex((cell) => pattern.test(cell));
  const at = {
    organizationId: column(COLUMNS.organizationId),
    metricKey: column(COLUMNS.metricKey),
    measuredOn: column(COLUMNS.measuredOn),
    value: column(COLUMNS.value),
  };
  if (at.metricKey < 0 || at.measuredOn < 0 || at.value < 0) {
    fail(
      'METRIC_VALUE.INVALID_CSV',
      'The first line must name the columns metric, measured_on and value (and organization_id for several organizations)',
    );
  }
  const candidates: Candidate[] = records.slice(1).map(({ record, info }) => {
    const cell = (i: number) => (i >= 0 ? (record[i] ?? '').trim() : '');
    const orgCell = cell(at.organizationId);
    const organizationId = orgCell === '' ? input.organizationId : ZId.safeParse(orgCell).data;
    if (orgCell !== '' && organizationId === undefined) {
      return { row: info.lines, problem: 'organization_id must be an organization id' };
    }
    const metricKey = ZMetricKey.safeParse(cell(at.metricKey));
    if (!metricKey.success)
      return { row: info.lines, problem: `Unknown metric ${cell(at.metricKey)}` };
    const measuredOn = ZDate.safeParse(cell(at.measuredOn));
    if (!measuredOn.success)
      return { row: info.lines, problem: 'measured_on must be a date like 2026-03-31' };
    const raw = cell(at.value);
    const value = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) return { row: info.lines, problem: 'The value must be a number' };
    return {
      row: info.lines,
      value: { organizationId, metricKey: metricKey.data, measuredOn: measuredOn.data, value },
    };
  });
  if (candidates.length === 0)
    fail('METRIC_VALUE.INVALID_CSV', 'The CSV has no rows after its header');
  if (candidates.length > 5000) fail('METRIC_VALUE.INVALID_CSV', 'At most 5000 rows');
  return ingest(em, scope, candidates);
}

export interface MetricValueDto {
  metricKey: string;
  measuredOn: string;
  value: number;
}

/** An organisation's values over time (oldest first), at most the latest 5000. */
export async function listValues(
  em: EntityManager,
  scope: Scope,
  input: MetricValuesInput,
): Promise<MetricValueDto[]> {
  await findScopedOrganization(em, scope, input.organizationId);
  const result = await sql<MetricValueDto>`
    select metric_key as "metricKey", to_char(measured_on, 'YYYY-MM-DD') as "measuredOn", value
      from metric_value
     where organization_id = ${input.organizationId}
       and (${input.metricKey ?? null}::text is null or metric_key = ${input.metricKey ?? null})
       and (${input.from ?? null}::date is null or measured_on >= ${input.from ?? null}::date)
       and (${input.to ?? null}::date is null or measured_on <= ${input.to ?? null}::date)
     order by measured_on desc, metric_key desc
     limit 5000`.execute(em.getKysely());
  return result.rows.toReversed();
}
