import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import { EMPLOYEE_BANDS } from '@credence/domain';
import { logger } from '../../logger.ts';

/** Everything stored about one run, as `benchmarks.runs` shows it. */
export interface BenchmarkRunRecord {
  id: string;
  day: string;
  trigger: 'SCHEDULE' | 'MANUAL';
  startedAt: string;
  finishedAt: string | null;
  organizations: number;
  rowsWritten: number;
  durationMs: number;
  outcome: 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
  error: string | null;
}

export interface RunBenchmarksOptions {
  trigger: 'SCHEDULE' | 'MANUAL';
  /** Time zone whose calendar day the run is stored under (the nightly schedule's). */
  timeZone: string;
  /** Who asked, for a manual run. */
  requestedById?: string | null;
  /**
   * Recompute a past day from the values measured on or before it (history, demo data)
   * instead of today from each organisation's latest value.
   */
  asOf?: string;
}

/** One run at a time across every process: this advisory lock, held for the run's transaction. */
const RUN_LOCK = sql`hashtext('credence.benchmarks.run')`;

/**
 * The employee band (its lower bound) of `organization.employee_count`, generated from the
 * domain's EMPLOYEE_BANDS so the bands are defined in one place.
 */
export function bandMinSql(column: RawBuilder<unknown>): RawBuilder<number> {
  const bands = EMPLOYEE_BANDS.toReversed();
  const [open, ...bounded] = bands;
  if (!open) throw new Error('No employee bands');
  const whens = bounded
    .toReversed()
    .map((band) => sql`when ${column} <= ${sql.lit(band.max ?? 0)} then ${sql.lit(band.min)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} else ${sql.lit(open.min)} end`;
}

/** Percentile rank within a partition: 100 × (L + 0.5 × E) / N, L = rank() − 1 over the score. */
const rankIn = (partition: RawBuilder<unknown>) =>
  sql`(100::float8 * ((rank() over (partition by ${partition} order by b.score) - 1)::float8
        + 0.5::float8 * (count(*) over (partition by ${partition}, b.score))::float8))
      / (count(*) over (partition by ${partition}))::float8`;

/**
 * Computes and stores one day of benchmarks in one statement: each ACTIVE organisation's latest
 * value per metric (`metric_latest`), grouped by grouping sets into all customers, industry,
 * band and industry × band with peer counts and `percentile_cont` quartiles, and every
 * organisation's percentile rank in its four groups by window functions —
 * `100 * (L + 0.5 * E) / N` with L = rank() - 1 over the direction-signed score and E the
 * count of equal scores. Nothing is read into the process but two counts.
 */
async function computeDay(em: EntityManager, day: string, asOf: boolean) {
  const db = em.getKysely();
  const latest = asOf
    ? sql`(select distinct on (organization_id, metric_key) organization_id, metric_key, value
             from metric_value where measured_on <= ${day}::date
            order by organization_id, metric_key, measured_on desc)`
    : sql`metric_latest`;
  const band = bandMinSql(sql`o.employee_count`);
  const all = sql`b.metric_key`;
  const industry = sql`b.metric_key, b.industry_sector`;
  const bandOnly = sql`b.metric_key, b.band_min`;
  const cell = sql`b.metric_key, b.industry_sector, b.band_min`;
  const result = await sql<{ ranks: number; groups: number; organizations: number }>`
    with base as materialized (
      select l.metric_key, l.organization_id, o.industry_sector, ${band} as band_min, l.value,
             case when m.direction = 'LOWER_IS_BETTER' then -l.value else l.value end as score
        from ${latest} l
        join organization o on o.id = l.organization_id and o.status = 'ACTIVE'
        join metric m on m.key = l.metric_key
    ),
    ranks as (
      insert into benchmark_rank (day, metric_key, organization_id, industry_sector, band_min,
                                  value, count_all, count_industry, count_band, count_cell,
                                  rank_all, rank_industry, rank_band, rank_cell)
      select ${day}::date, b.metric_key, b.organization_id, b.industry_sector, b.band_min, b.value,
             count(*) over (partition by ${all}), count(*) over (partition by ${industry}),
             count(*) over (partition by ${bandOnly}), count(*) over (partition by ${cell}),
             ${rankIn(all)}, ${rankIn(industry)}, ${rankIn(bandOnly)}, ${rankIn(cell)}
        from base b
      returning organization_id
    ),
    groups as (
      insert into benchmark_group (day, metric_key, kind, industry_sector, band_min, peer_count,
                                   p25, p50, p75)
      select ${day}::date, g.metric_key,
             case g.level when 3 then 'ALL' when 1 then 'INDUSTRY' when 2 then 'BAND'
                  else 'INDUSTRY_BAND' end,
             g.industry_sector, g.band_min, g.n, g.q[1], g.q[2], g.q[3]
        from (
          select b.metric_key, b.industry_sector, b.band_min,
                 grouping(b.industry_sector, b.band_min) as level, count(*)::int as n,
                 percentile_cont(array[0.25, 0.5, 0.75]::float8[]) within group (order by b.value) as q
            from base b
           group by grouping sets ((b.metric_key), (b.metric_key, b.industry_sector),
                                   (b.metric_key, b.band_min),
                                   (b.metric_key, b.industry_sector, b.band_min))
        ) g
      returning 1
    )
    select (select count(*) from ranks)::int as ranks,
           (select count(*) from groups)::int as groups,
           (select count(distinct organization_id) from ranks)::int as organizations`.execute(db);
  const row = result.rows[0];
  return {
    organizations: row?.organizations ?? 0,
    rowsWritten: (row?.ranks ?? 0) + (row?.groups ?? 0),
  };
}

/** The driver gives timestamps as text or dates depending on its type parsers. */
type RunRow = Omit<BenchmarkRunRecord, 'startedAt' | 'finishedAt'> & {
  startedAt: Date | string;
  finishedAt: Date | string | null;
};

const toRecord = (row: RunRow): BenchmarkRunRecord => ({
  ...row,
  startedAt: new Date(row.startedAt).toISOString(),
  finishedAt: row.finishedAt === null ? null : new Date(row.finishedAt).toISOString(),
});

const RUN_COLUMNS = sql`id, to_char(day, 'YYYY-MM-DD') as day, trigger, started_at as "startedAt",
  finished_at as "finishedAt", organizations, rows_written as "rowsWritten",
  duration_ms as "durationMs", outcome, error`;

/**
 * One benchmark run for today (in `timeZone`): replaces that day's group and rank rows and
 * records the run, all in one transaction. Runs wait for each other on an advisory lock; a
 * run that gets the lock after another run finished — one requested when it was already
 * under way, such as a second worker starting the same nightly job — has nothing new to do
 * and is recorded as SKIPPED. A rerun later the same day computes again and, on the same
 * values, writes exactly the same rows. A failure rolls everything back and is recorded as
 * FAILED.
 */
export async function runBenchmarks(
  em: EntityManager,
  options: RunBenchmarksOptions,
): Promise<BenchmarkRunRecord> {
  const requestedBy = options.requestedById ?? null;
  const clock = await sql<{ requestedAt: string; day: string }>`
    select clock_timestamp() as "requestedAt",
           to_char((clock_timestamp() at time zone ${options.timeZone})::date, 'YYYY-MM-DD') as day`.execute(
    em.getKysely(),
  );
  const now = clock.rows[0] ?? { requestedAt: new Date().toISOString(), day: '' };
  const requestedAt = now.requestedAt;
  const day = options.asOf ?? now.day;
  try {
    return await em.transactional(async (tx) => {
      const db = tx.getKysely();
      await sql`select pg_advisory_xact_lock(${RUN_LOCK})`.execute(db);
      const done = await sql<{ id: string }>`
        select id from benchmark_run
         where outcome = 'SUCCEEDED' and day = ${day}::date and finished_at >= ${requestedAt}::timestamptz
         limit 1`.execute(db);
      let organizations = 0;
      let rowsWritten = 0;
      let outcome: 'SUCCEEDED' | 'SKIPPED' = 'SKIPPED';
      if (done.rows.length === 0) {
        await sql`delete from benchmark_rank where day = ${day}::date`.execute(db);
        await sql`delete from benchmark_group where day = ${day}::date`.execute(db);
        ({ organizations, rowsWritten } = await computeDay(tx, day, options.asOf !== undefined));
        outcome = 'SUCCEEDED';
      }
      const inserted = await sql<RunRow>`
        insert into benchmark_run (id, day, trigger, requested_by_id, started_at, finished_at,
                                   organizations, rows_written, duration_ms, outcome)
        values (gen_random_uuid(), ${day}::date, ${options.trigger}, ${requestedBy},
                ${requestedAt}::timestamptz, clock_timestamp(), ${organizations}, ${rowsWritten},
                floor(extract(epoch from clock_timestamp() - ${requestedAt}::timestamptz) * 1000),
                ${outcome})
        returning ${RUN_COLUMNS}`.execute(db);
      const row = inserted.rows[0];
      if (!row) throw new Error('The run was not recorded');
      return toRecord(row);
    });
  } catch (error) {
    // Staff see the run; the database's own message (it may quote SQL) stays in the log.
    const reference = randomUUID().slice(0, 8);
    logger.error({ err: error, reference, day }, 'benchmark run failed');
    const message = `The computation failed (reference ${reference} in the log)`;
    await sql`
      insert into benchmark_run (id, day, trigger, requested_by_id, started_at, finished_at,
                                 duration_ms, outcome, error)
      values (gen_random_uuid(), ${day}::date, ${options.trigger}, ${requestedBy}, ${requestedAt}::timestamptz,
              clock_timestamp(),
              floor(extract(epoch from clock_timestamp() - ${requestedAt}::timestamptz) * 1000),
              'FAILED', ${message})`.execute(em.fork().getKysely());
    throw error;
  }
}

/** The latest runs, newest first. */
export async function listRuns(em: EntityManager, limit: number): Promise<BenchmarkRunRecord[]> {
  const result = await sql<RunRow>`
    select ${RUN_COLUMNS} from benchmark_run order by started_at desc, id limit ${limit}`.execute(
    em.getKysely(),
  );
  return result.rows.map(toRecord);
}
