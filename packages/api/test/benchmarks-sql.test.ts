/**
 * The nightly SQL against the domain's definitions: on random organisations and values (ties,
 * one-value groups, a lower-is-better metric, inactive organisations), every stored peer
 * count, quartile and percentile rank equals what `quantile` and `percentileRank` compute.
 */
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EMPLOYEE_BANDS,
  employeeBand,
  percentileRank,
  quantile,
  type Direction,
  type PeerGroupKind,
} from '@credence/domain';
import { runBenchmarks } from '../src/modules/benchmarks/nightly.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const METRICS: Record<string, Direction> = {
  login_rate: 'HIGHER_IS_BETTER',
  case_resolution_time: 'LOWER_IS_BETTER',
};

const orgArb = fc.record({
  sector: fc.constantFrom('Healthcare', 'Retail', 'Energy'),
  employees: fc.constantFrom(...EMPLOYEE_BANDS.map((b) => b.min), 100, 500, 2000, 12_000),
  status: fc.constantFrom('ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'CHURNED', 'ONBOARDING'),
  values: fc.record({
    login_rate: fc.option(
      fc.oneof(fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 100, noNaN: true })),
    ),
    case_resolution_time: fc.option(
      fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 90, noNaN: true })),
    ),
  }),
});
type OrgSpec = typeof orgArb extends fc.Arbitrary<infer T> ? T : never;

async function load(orgs: OrgSpec[]): Promise<string[]> {
  const em = db.em();
  await em.execute('delete from metric_latest');
  await em.execute('delete from metric_value');
  await em.execute('delete from organization');
  const rows = orgs.map((o, i) => ({
    name: `org ${i}`,
    sector: o.sector,
    employees: o.employees,
    status: o.status,
  }));
  const ids = await em.execute<{ id: string }[]>(
    `insert into organization (id, name, industry_sector, employee_count, status, created_at, updated_at)
     select gen_random_uuid(), name, sector, employees, status, now(), now()
       from jsonb_to_recordset(?::jsonb) as x(name text, sector text, employees int, status text)
     returning id`,
    [JSON.stringify(rows)],
  );
  // Insertion order is kept by `returning` for a single-statement insert from one source.
  const values = orgs.flatMap((o, i) =>
    Object.entries(o.values).flatMap(([metric, value]) =>
      value === null ? [] : [{ org: ids[i]?.id, metric, value }],
    ),
  );
  await em.execute(
    `insert into metric_latest (organization_id, metric_key, measured_on, value)
     select org, metric, date '2026-01-01', value
       from jsonb_to_recordset(?::jsonb) as x(org uuid, metric text, value float8)`,
    [JSON.stringify(values)],
  );
  return ids.map((r) => r.id);
}

interface Member {
  id: string;
  sector: string;
  band: number;
  value: number;
}

function expected(orgs: OrgSpec[], ids: string[]) {
  const groups = new Map<string, { count: number; p25: number; p50: number; p75: number }>();
  const ranks = new Map<string, number[]>();
  for (const [metric, direction] of Object.entries(METRICS)) {
    const members: Member[] = orgs.flatMap((o, i) => {
      const value = o.values[metric as keyof OrgSpec['values']];
      if (o.status !== 'ACTIVE' || value === null) return [];
      return [
        { id: ids[i] ?? '', sector: o.sector, band: employeeBand(o.employees)?.min ?? -1, value },
      ];
    });
    const keyOf: Record<PeerGroupKind, (m: Member) => string> = {
      ALL: () => `${metric}|ALL||`,
      INDUSTRY: (m) => `${metric}|INDUSTRY|${m.sector}|`,
      BAND: (m) => `${metric}|BAND||${m.band}`,
      INDUSTRY_BAND: (m) => `${metric}|INDUSTRY_BAND|${m.sector}|${m.band}`,
    };
    const kinds = Object.keys(keyOf) as PeerGroupKind[];
    for (const kind of kinds) {
      const byKey = new Map<string, Member[]>();
      for (const m of members) byKey.set(keyOf[kind](m), [...(byKey.get(keyOf[kind](m)) ?? []), m]);
      for (const [key, peers] of byKey) {
        const values = peers.map((p) => p.value);
        groups.set(key, {
          count: values.length,
          p25: quantile(values, 0.25),
          p50: quantile(values, 0.5),
          p75: quantile(values, 0.75),
        });
        for (const m of peers) {
          const k = `${metric}|${m.id}`;
          const list = ranks.get(k) ?? [0, 0, 0, 0];
          list[kinds.indexOf(kind)] = percentileRank(values, m.value, direction);
          ranks.set(k, list);
        }
      }
    }
  }
  return { groups, ranks };
}

async function stored() {
  const em = db.em();
  const groupRows = await em.execute<
    {
      metric_key: string;
      kind: string;
      industry_sector: string | null;
      band_min: number | null;
      peer_count: number;
      p25: number;
      p50: number;
      p75: number;
    }[]
  >(
    'select metric_key, kind, industry_sector, band_min, peer_count, p25, p50, p75 from benchmark_group',
  );
  const groups = new Map(
    groupRows.map((g) => [
      `${g.metric_key}|${g.kind}|${g.industry_sector ?? ''}|${g.band_min ?? ''}`,
      { count: g.peer_count, p25: g.p25, p50: g.p50, p75: g.p75 },
    ]),
  );
  const rankRows = await em.execute<
    {
      metric_key: string;
      organization_id: string;
      rank_all: number;
      rank_industry: number;
      rank_band: number;
      rank_cell: number;
    }[]
  >(
    'select metric_key, organization_id, rank_all, rank_industry, rank_band, rank_cell from benchmark_rank',
  );
  const ranks = new Map(
    rankRows.map((r) => [
      `${r.metric_key}|${r.organization_id}`,
      [r.rank_all, r.rank_industry, r.rank_band, r.rank_cell],
    ]),
  );
  return { groups, ranks };
}

describe('nightly SQL = domain statistics', () => {
  it('quartiles, peer counts and percentile ranks match quantile and percentileRank exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(orgArb, { minLength: 1, maxLength: 40 }), async (orgs) => {
        const ids = await load(orgs);
        const run = await runBenchmarks(db.em(), { trigger: 'MANUAL', timeZone: 'UTC' });
        expect(run.outcome).toBe('SUCCEEDED');
        const want = expected(orgs, ids);
        const got = await stored();
        expect(got.groups).toEqual(want.groups);
        expect(got.ranks).toEqual(want.ranks);
      }),
      { numRuns: 40 },
    );
  });
});
