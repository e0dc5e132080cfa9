/**
 * Metric ingestion, the nightly run's idempotency and exclusion (R6), and benchmark privacy
 * over every client-facing benchmark procedure (R8), on a data set of known answer.
 */
import { TRPCError } from '@trpc/server';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../src/context.ts';
import { runBenchmarks } from '../src/modules/benchmarks/nightly.ts';
import { Organization } from '../src/modules/organizations/entities.ts';
import {
  callerFor,
  createTestDatabase,
  makeUser,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
const api = (user: SessionUser | null) => callerFor(db.em(), user);

async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, message: error.message };
  }
  throw new Error('expected the call to fail');
}

interface Spec {
  sector: string;
  employees: number;
  count: number;
}

/** Creates ACTIVE organisations, returning their ids in order. */
async function makeOrganizations(prefix: string, specs: Spec[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const [i, spec] of specs.entries()) {
    const rows = Array.from({ length: spec.count }, (_, j) => ({
      name: `${prefix} ${i}-${j}`,
      sector: spec.sector,
      employees: spec.employees,
    }));
    const ids = await db.em().execute<{ id: string }[]>(
      `insert into organization (id, name, industry_sector, employee_count, status, created_at, updated_at)
       select gen_random_uuid(), name, sector, employees, 'ACTIVE', now(), now()
         from jsonb_to_recordset(?::jsonb) as x(name text, sector text, employees int)
       returning id`,
      [JSON.stringify(rows)],
    );
    out.push(ids.map((r) => r.id));
  }
  return out;
}

const adminOf = async (organizationId: string) =>
  makeUser(db.em(), 'ADMIN', await db.em().findOneOrFail(Organization, organizationId));

let staff: SessionUser;
beforeAll(async () => {
  db = await createTestDatabase();
  staff = await makeUser(db.em(), 'CUSTOMER_SUCCESS');
});
afterAll(() => db.close());

describe('health.ingest', () => {
  let orgA: string;
  let orgB: string;
  let adminA: SessionUser;
  beforeAll(async () => {
    const [ids = []] = await makeOrganizations('ingest', [
      { sector: 'Ingest', employees: 50, count: 2 },
    ]);
    [orgA = '', orgB = ''] = ids;
    adminA = await adminOf(orgA);
  });

  it('stores values once per organisation, metric and day and reports every row', async () => {
    const rows = [
      { organizationId: orgA, metricKey: 'login_rate', measuredOn: '2026-03-01', value: 71.5 },
      { organizationId: orgA, metricKey: 'login_rate', measuredOn: '2026-03-02', value: 72 },
      {
        organizationId: orgB,
        metricKey: 'case_resolution_time',
        measuredOn: '2026-03-01',
        value: 4,
      },
      { organizationId: orgA, metricKey: 'login_rate', measuredOn: '2026-03-01', value: 70 },
      { organizationId: orgA, metricKey: 'login_rate', measuredOn: '2026-03-03', value: 100.5 },
      { organizationId: orgA, metricKey: 'no_such_metric', measuredOn: '2026-03-03', value: 1 },
      { metricKey: 'login_rate', measuredOn: '2026-03-03', value: 1 },
      {
        organizationId: '00000000-0000-4000-8000-000000000000',
        metricKey: 'login_rate',
        measuredOn: '2026-03-03',
        value: 1,
      },
    ];
    const first = await api(staff).health.ingest({ rows });
    expect(first).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejected: 5 });
    expect(first.rows.map((r) => [r.row, r.status, r.message])).toEqual([
      [1, 'CREATED', null],
      [2, 'CREATED', null],
      [3, 'CREATED', null],
      [4, 'REJECTED', 'Same organization, metric and day as row 1'],
      [5, 'REJECTED', 'login_rate must be between 0 and 100, got 100.5'],
      [6, 'REJECTED', 'Unknown metric no_such_metric'],
      [7, 'REJECTED', 'Name the organization (organizationId)'],
      [8, 'REJECTED', 'No such organization'],
    ]);
    // The same batch again changes nothing; another value for a stored day replaces it.
    const again = await api(staff).health.ingest({ rows: rows.slice(0, 3) });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
    const changed = await api(staff).health.ingest({ rows: [{ ...rows[0]!, value: 65 }] });
    expect(changed).toMatchObject({ updated: 1 });
    const values = await api(staff).health.values({ organizationId: orgA });
    expect(values).toEqual([
      { metricKey: 'login_rate', measuredOn: '2026-03-01', value: 65 },
      { metricKey: 'login_rate', measuredOn: '2026-03-02', value: 72 },
    ]);
  });

  it('keeps the latest value per metric moving forward only', async () => {
    const latest = async () =>
      (
        await db.em().execute<{ value: number; day: string }[]>(
          `select value, to_char(measured_on, 'YYYY-MM-DD') as day from metric_latest
            where organization_id = ? and metric_key = 'login_rate'`,
          [orgA],
        )
      )[0];
    expect(await latest()).toEqual({ value: 72, day: '2026-03-02' });
    await api(staff).health.ingest({
      rows: [{ organizationId: orgA, metricKey: 'login_rate', measuredOn: '2026-02-01', value: 5 }],
    });
    expect(await latest()).toEqual({ value: 72, day: '2026-03-02' });
    // Concurrent batches for later days: the latest day wins whatever the order.
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api(staff).health.ingest({
          rows: [
            {
              organizationId: orgA,
              metricKey: 'login_rate',
              measuredOn: `2026-04-0${String(i + 1)}`,
              value: 10 + i,
            },
          ],
        }),
      ),
    );
    expect(await latest()).toEqual({ value: 17, day: '2026-04-08' });
  });

  it('lets a client admin write only for their own organisation', async () => {
    const report = await api(adminA).health.ingest({
      rows: [
        { metricKey: 'feature_adoption_rate', measuredOn: '2026-03-01', value: 40 },
        {
          organizationId: orgB,
          metricKey: 'feature_adoption_rate',
          measuredOn: '2026-03-01',
          value: 40,
        },
      ],
    });
    expect(report.rows.map((r) => r.status)).toEqual(['CREATED', 'REJECTED']);
    expect(report.rows[1]?.message).toBe('No such organization');
    expect(await failure(api(adminA).health.values({ organizationId: orgB }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('reads a CSV upload line by line with the same report', async () => {
    const csv = [
      'metric,measured_on,value',
      'case_on_time_rate,2026-03-01,88',
      'case_on_time_rate,yesterday,88',
      'case_on_time_rate,2026-03-02,lots',
      '',
      'case_resolution_time,2026-03-01,5000',
    ].join('\n');
    const report = await api(adminA).health.ingestCsv({ csv });
    expect(report.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'CREATED'],
      [3, 'REJECTED'],
      [4, 'REJECTED'],
      [6, 'REJECTED'],
    ]);
    expect(report.rows[1]?.message).toBe('measured_on must be a date like 2026-03-31');
    expect(await failure(api(adminA).health.ingestCsv({ csv: 'what,ever\n1,2' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('rejects a malformed batch whole with 400 and writes nothing', async () => {
    const before = await db.rowCounts();
    expect(
      await failure(
        api(staff).health.ingest({
          rows: [
            { organizationId: orgA, metricKey: 'login_rate', measuredOn: '2026-13-45', value: 1 },
          ],
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await db.rowCounts()).toEqual(before);
  });
});

const snapshot = async () => ({
  groups: await db.em().execute(
    `select to_char(day, 'YYYY-MM-DD') as day, metric_key, kind, industry_sector, band_min,
              peer_count, p25, p50, p75
         from benchmark_group order by day, metric_key, kind, industry_sector, band_min`,
  ),
  ranks: await db
    .em()
    .execute(`select * from benchmark_rank order by day, metric_key, organization_id`),
});

/** Every peer-group figure in a response, wherever it is. */
function scan(
  value: unknown,
  path: string,
  found: { path: string; obj: Record<string, unknown> }[],
) {
  if (Array.isArray(value)) value.forEach((v, i) => scan(v, `${path}[${String(i)}]`, found));
  else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      expect(key, `${path}.${key}`).not.toMatch(/^(min|max|mean|avg|average|sum|total|stddev)/i);
    }
    if ('peerCount' in obj) found.push({ path, obj });
    for (const [k, v] of Object.entries(obj)) scan(v, `${path}.${k}`, found);
  }
}

/**
 * The known data set (login_rate, all ACTIVE):
 *   Healthcare 101-500: 17 (A is one), Healthcare 1-100: 3 (H is one),
 *   Retail 101-500: 6 (R is one), Retail 501-2000: 6, Energy 2001+: 3 (E is one).
 *   All 35; Healthcare 20; Retail 12; band 101-500 23.
 * case_resolution_time: Healthcare's 20 and two Retail ones: all 22, Healthcare 20.
 */
describe('benchmarks', () => {
  let hc: string[];
  let hcSmall: string[];
  let rt: string[];
  let rtBig: string[];
  let en: string[];
  const admins: Record<'A' | 'H' | 'R' | 'E', SessionUser> = {} as never;

  beforeAll(async () => {
    await db.em().execute('delete from metric_latest');
    await db.em().execute("update organization set status = 'CHURNED'");
    [hc = [], hcSmall = [], rt = [], rtBig = [], en = []] = await makeOrganizations('bench', [
      { sector: 'Healthcare', employees: 250, count: 17 },
      { sector: 'Healthcare', employees: 40, count: 3 },
      { sector: 'Retail', employees: 300, count: 6 },
      { sector: 'Retail', employees: 900, count: 6 },
      { sector: 'Energy', employees: 5000, count: 3 },
    ]);
    const all = [...hc, ...hcSmall, ...rt, ...rtBig, ...en];
    const rows = all.map((organizationId, i) => ({
      organizationId,
      metricKey: 'login_rate',
      measuredOn: '2026-03-01',
      value: 40 + ((i * 7) % 50) + 0.25,
    }));
    const resolution = [...hc, ...hcSmall, ...rt.slice(0, 2)].map((organizationId, i) => ({
      organizationId,
      metricKey: 'case_resolution_time',
      measuredOn: '2026-03-01',
      value: 2 + (i % 9) + 0.125,
    }));
    const report = await api(staff).health.ingest({ rows: [...rows, ...resolution] });
    expect(report.rejected).toBe(0);
    admins.A = await adminOf(hc[0]!);
    admins.H = await adminOf(hcSmall[0]!);
    admins.R = await adminOf(rt[0]!);
    admins.E = await adminOf(en[0]!);
  });

  it('R6: a rerun the same day replaces the day with exactly the same rows', async () => {
    const first = await api(staff).benchmarks.recalculate();
    expect(first).toMatchObject({ outcome: 'SUCCEEDED', trigger: 'MANUAL', organizations: 35 });
    // 35 + 22 rank rows; groups: login 1 + 3 + 4 + 5 cells, resolution 1 + 2 + 2 + 3.
    expect(first.rowsWritten).toBe(35 + 22 + 13 + 8);
    const before = await snapshot();
    expect(before.groups).toHaveLength(21);
    const second = await runBenchmarks(db.em(), { trigger: 'SCHEDULE', timeZone: 'UTC' });
    expect(second).toMatchObject({ outcome: 'SUCCEEDED', rowsWritten: first.rowsWritten });
    expect(await snapshot()).toEqual(before);
    const runs = await api(staff).benchmarks.runs();
    expect(runs.slice(0, 2).map((r) => r.id)).toEqual([second.id, first.id]);
  });

  it('R6: two runs started at once compute once; the other is recorded as skipped', async () => {
    const before = await snapshot();
    // Hold the run lock so that both runs are requested while it is taken.
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query("select pg_advisory_lock(hashtext('credence.benchmarks.run'))");
      const both = Promise.all([
        runBenchmarks(db.em(), { trigger: 'SCHEDULE', timeZone: 'UTC' }),
        runBenchmarks(db.em(), { trigger: 'SCHEDULE', timeZone: 'UTC' }),
      ]);
      for (let waiting = 0; waiting < 2;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const rows = await holder.query<{ n: number }>(
          "select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted",
        );
        waiting = rows.rows[0]?.n ?? 0;
      }
      await holder.query("select pg_advisory_unlock(hashtext('credence.benchmarks.run'))");
      const runs = await both;
      expect(runs.map((r) => r.outcome).toSorted()).toEqual(['SKIPPED', 'SUCCEEDED']);
    } finally {
      await holder.end();
    }
    expect(await snapshot()).toEqual(before);
  });

  it('records a failed run with a reference, not the database message, and keeps the day', async () => {
    const before = await snapshot();
    await db.em().execute('alter table benchmark_group rename to benchmark_group_away');
    try {
      await expect(
        runBenchmarks(db.em(), { trigger: 'SCHEDULE', timeZone: 'UTC' }),
      ).rejects.toThrow();
    } finally {
      await db.em().execute('alter table benchmark_group_away rename to benchmark_group');
    }
    const [latest] = await api(staff).benchmarks.runs({ limit: 1 });
    expect(latest).toMatchObject({ outcome: 'FAILED', rowsWritten: 0 });
    expect(latest?.error).toMatch(/^The computation failed \(reference [0-9a-f]{8} in the log\)$/);
    expect(await snapshot()).toEqual(before);
  });

  it('compares an organisation with its groups, hiding the complementary cell from its admin', async () => {
    const all = await api(admins.A).benchmarks.compare({
      organizationId: hc[0]!,
      metricKey: 'login_rate',
    });
    expect(all).toMatchObject({
      audience: 'CLIENT',
      peerCount: 35,
      description: 'all customers (35 organizations)',
      notes: [],
    });
    expect(all.p25).not.toBeNull();
    const industry = await api(admins.A).benchmarks.compare({
      organizationId: hc[0]!,
      metricKey: 'login_rate',
      industry: true,
    });
    expect(industry.description).toBe('Healthcare (20 organizations)');
    const cell = await api(admins.A).benchmarks.compare({
      organizationId: hc[0]!,
      metricKey: 'login_rate',
      industry: true,
      band: true,
    });
    // Healthcare minus this cell is 3 organisations: hidden, with the reason in words.
    expect(cell).toMatchObject({
      peerCount: null,
      percentileRank: null,
      p25: null,
      median: null,
      p75: null,
      description: null,
      group: { label: 'Healthcare, 101-500 employees' },
    });
    expect(cell.notes[0]).toMatch(/differs from a wider one by fewer than 5 organizations/);
    // Staff see it, and are told clients do not.
    const staffCell = await api(staff).benchmarks.compare({
      organizationId: hc[0]!,
      metricKey: 'login_rate',
      industry: true,
      band: true,
    });
    expect(staffCell).toMatchObject({ audience: 'STAFF', peerCount: 17 });
    expect(staffCell.notes[0]).toMatch(/^Staff view — clients do not see this/);
  });

  it('gives ranks that follow the product definition', async () => {
    const ranked = await api(staff).benchmarks.compare({
      organizationId: en[0]!,
      metricKey: 'login_rate',
      industry: true,
    });
    // Energy: three organisations, values 40 + ((i * 7) % 50) + 0.25 for i = 32, 33, 34.
    const energy = [32, 33, 34].map((i) => 40 + ((i * 7) % 50) + 0.25);
    const own = energy[0]!;
    const below = energy.filter((v) => v < own).length;
    expect(ranked.percentileRank).toBe((100 * (below + 0.5)) / 3);
    const history = await api(admins.A).benchmarks.history({
      organizationId: hc[0]!,
      metricKey: 'login_rate',
    });
    expect(history.points).toHaveLength(1);
    expect(history.points[0]?.percentileRank).not.toBeNull();
  });

  it('answers NOT_FOUND for another organisation and an unknown metric', async () => {
    expect(
      await failure(
        api(admins.A).benchmarks.compare({ organizationId: rt[0]!, metricKey: 'login_rate' }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await failure(
        api(admins.A).benchmarks.history({ organizationId: rt[0]!, metricKey: 'login_rate' }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await failure(
        api(staff).benchmarks.compare({ organizationId: rt[0]!, metricKey: 'no_such' }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('R8: no client-facing answer holds a small group, early quartiles, extremes or nested groups 1–4 apart', async () => {
    const cases = [
      { who: 'A', org: hc[0]! },
      { who: 'H', org: hcSmall[0]! },
      { who: 'R', org: rt[0]! },
      { who: 'E', org: en[0]! },
    ] as const;
    const hiddenSeen: string[] = [];
    for (const { who, org } of cases) {
      const caller = api(admins[who]);
      const responses: unknown[] = [await caller.benchmarks.metrics()];
      responses.push(await caller.health.values({ organizationId: org }));
      for (const metricKey of ['login_rate', 'case_resolution_time', 'feature_adoption_rate']) {
        const byKind = new Map<string, number>();
        for (const industry of [false, true]) {
          for (const band of [false, true]) {
            const c = await caller.benchmarks.compare({
              organizationId: org,
              metricKey,
              industry,
              band,
            });
            const h = await caller.benchmarks.history({
              organizationId: org,
              metricKey,
              industry,
              band,
            });
            responses.push(c, h);
            if (c.peerCount !== null) byKind.set(`${String(industry)}${String(band)}`, c.peerCount);
            else if (c.group) hiddenSeen.push(`${who} ${metricKey} ${c.group.kind}`);
            for (const p of h.points) expect(p.peerCount === null).toBe(c.peerCount === null);
          }
        }
        // Nested pairs among what this client sees: never 1–4 apart.
        const pairs = [
          ['falsefalse', 'truefalse'],
          ['falsefalse', 'falsetrue'],
          ['falsefalse', 'truetrue'],
          ['truefalse', 'truetrue'],
          ['falsetrue', 'truetrue'],
        ];
        for (const [outer, inner] of pairs) {
          const a = byKind.get(outer!);
          const b = byKind.get(inner!);
          if (a !== undefined && b !== undefined)
            expect([0, 1, 2, 3, 4].includes(a - b) && a !== b).toBe(false);
        }
      }
      const found: { path: string; obj: Record<string, unknown> }[] = [];
      responses.forEach((r, i) => scan(r, `response${String(i)}`, found));
      for (const { path, obj } of found) {
        const n = obj.peerCount as number | null;
        if (n === null) {
          expect(obj.percentileRank ?? null, path).toBeNull();
          for (const q of ['p25', 'median', 'p75']) expect(obj[q] ?? null, path).toBeNull();
          continue;
        }
        expect(n, path).toBeGreaterThanOrEqual(5);
        if (n < 10)
          for (const q of ['p25', 'median', 'p75']) expect(obj[q] ?? null, path).toBeNull();
      }
      // No description of a hidden group's size leaks through the text either.
      const text = JSON.stringify(responses);
      for (const small of [
        '(3 organizations)',
        '(17 organizations)',
        '(2 organizations)',
        '(4 organizations)',
      ]) {
        expect(text).not.toContain(small);
      }
    }
    expect(hiddenSeen).toEqual(
      expect.arrayContaining([
        'A login_rate INDUSTRY_BAND',
        'A case_resolution_time INDUSTRY',
        'H login_rate BAND',
        'E login_rate INDUSTRY',
      ]),
    );
  });
});
