import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { EMPLOYEE_BANDS, type OrganizationStatus } from '@credence/domain';
import { runBenchmarks } from '../../modules/benchmarks/nightly.ts';

/**
 * Peer organisations per industry and employee band (in EMPLOYEE_BANDS order), besides the two
 * demo customers. Chosen so that each demo admin sees real groups and some hidden ones:
 * Northwind Health (Healthcare, 101-500) sits in a cell holding all but 3 of Healthcare, so
 * that cell is hidden (Healthcare minus it would single out 3 organisations); Contoso Bank
 * (Financial Services, 2001+) is one of 4 in its cell, hidden for its size.
 */
const PEERS: Record<string, [number, number, number, number]> = {
  Healthcare: [1, 29, 1, 1],
  'Financial Services': [10, 12, 10, 3],
  Retail: [12, 14, 10, 6],
  Manufacturing: [8, 12, 14, 8],
  Energy: [4, 8, 10, 12],
  Technology: [14, 14, 8, 6],
  'Public Sector': [6, 10, 10, 8],
  Education: [10, 12, 8, 3],
};
/** Organisations that are not (or no longer) customers: never counted. */
const NOT_COUNTED: { industry: string; band: number; status: OrganizationStatus; count: number }[] =
  [
    { industry: 'Retail', band: 0, status: 'CHURNED', count: 2 },
    { industry: 'Technology', band: 1, status: 'ONBOARDING', count: 2 },
    { industry: 'Energy', band: 2, status: 'SANDBOX', count: 2 },
  ];

const FIRST = ['Alder', 'Beacon', 'Cedar', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris'];
const SECOND = ['Ridge', 'Point', 'Valley', 'Crest', 'Field', 'Bay', 'Stone', 'Park', 'Lake'];
const SUFFIX: Record<string, string> = {
  Healthcare: 'Clinics',
  'Financial Services': 'Capital',
  Retail: 'Stores',
  Manufacturing: 'Works',
  Energy: 'Power',
  Technology: 'Labs',
  'Public Sector': 'Authority',
  Education: 'College',
};

/** Demo days of values and of benchmark runs, ending today. */
const DAYS = 30;

/**
 * About 300 organisations across 8 industries and all bands, 30 days of plausible values for
 * the five metrics (each organisation with its own level, a drift and daily noise; the two
 * demo customers improving), and a benchmark run for each of the 30 days, so the comparison
 * pages show positions, a trend and hidden groups from the first start.
 */
export async function seedBenchmarks(tx: EntityManager): Promise<void> {
  const rows: { name: string; industry: string; employees: number; status: OrganizationStatus }[] =
    [];
  let n = 0;
  const add = (industry: string, band: number, status: OrganizationStatus, count: number) => {
    const { min, max } = EMPLOYEE_BANDS[band] ?? { min: 1, max: 100 };
    for (let i = 0; i < count; i += 1) {
      const first = FIRST[n % FIRST.length] ?? 'Alder';
      const second = SECOND[Math.floor(n / FIRST.length) % SECOND.length] ?? 'Ridge';
      const top = max ?? min * 4;
      rows.push({
        name: `${first} ${second} ${SUFFIX[industry] ?? 'Group'} ${String(Math.floor(n / 81) + 1)}`,
        industry,
        employees: min + ((i * 37 + n * 11) % (top - min + 1)),
        status,
      });
      n += 1;
    }
  };
  for (const [industry, counts] of Object.entries(PEERS)) {
    counts.forEach((count, band) => add(industry, band, 'ACTIVE', count));
  }
  for (const { industry, band, status, count } of NOT_COUNTED) add(industry, band, status, count);

  const db = tx.getKysely();
  await sql`
    insert into organization (id, name, industry_sector, employee_count, status, created_at, updated_at)
    select gen_random_uuid(), name, industry, employees, status, now(), now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(name text, industry text, employees int, status text)`.execute(db);

  // Deterministic "random" numbers from hashes: each organisation has a level per metric, a
  // drift over the month and daily noise; rates stay in 0–100, resolution times in days.
  await sql`
    with o as (
      select id, name in ('Northwind Health', 'Contoso Bank') as demo,
             abs(hashtext(name)) % 1000 / 1000.0 as level
        from organization
    ),
    v as (
      select o.id, m.key, d, o.demo,
             (abs(hashtext(o.id::text || m.key)) % 1000) / 1000.0 as spread,
             (abs(hashtext(o.id::text || m.key || d::text)) % 1000) / 1000.0 - 0.5 as noise,
             o.level
        from o cross join metric m cross join generate_series(0, ${DAYS - 1}) d
    )
    insert into metric_value (organization_id, metric_key, measured_on, value, updated_at)
    select id, key, current_date - d,
           round(case key
             when 'case_resolution_time' then
               greatest(0.5, 4 + 20 * (1 - (level + spread) / 2) + 2 * noise
                        + case when demo then d * 0.25 else 0 end)
             else
               least(100, greatest(0, 35 + 55 * (level + spread) / 2 + 6 * noise
                                     - case when demo then d * 0.6 else 0 end))
           end::numeric, 1)::float8,
           now()
      from v`.execute(db);
  await sql`
    insert into metric_latest (organization_id, metric_key, measured_on, value)
    select organization_id, metric_key, measured_on, value from metric_value
     where measured_on = current_date`.execute(db);

  const days = await sql<{ day: string }>`
    select to_char(current_date - d, 'YYYY-MM-DD') as day
      from generate_series(${DAYS - 1}, 0, -1) d`.execute(db);
  for (const { day } of days.rows) {
    await runBenchmarks(tx, { trigger: 'SCHEDULE', timeZone: 'UTC', asOf: day });
  }
}
