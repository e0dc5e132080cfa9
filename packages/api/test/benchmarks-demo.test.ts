/** The demo data gives each demo client admin real comparisons, a trend and hidden groups. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../src/db/seed/index.ts';
import { User } from '../src/modules/users/entities.ts';
import type { SessionUser } from '../src/context.ts';
import { callerFor, createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.em());
});
afterAll(() => db.close());

async function account(email: string): Promise<SessionUser> {
  const user = await db.em().findOneOrFail(User, { email }, { populate: ['organization'] });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organizationId: user.organization?.id ?? null,
  };
}

describe('benchmark demo data', () => {
  it('has about 300 organisations in 8 industries and all bands, 30 days of values and runs', async () => {
    const [stats] = await db.em().execute<
      { orgs: number; industries: number; values: number; days: number; runs: number }[]
    >(`select (select count(*)::int from organization) as orgs,
              (select count(distinct industry_sector)::int from organization) as industries,
              (select count(*)::int from metric_value) as values,
              (select count(distinct day)::int from benchmark_rank) as days,
              (select count(*)::int from benchmark_run) as runs`);
    expect(stats?.orgs).toBeGreaterThanOrEqual(290);
    expect(stats?.industries).toBe(8);
    expect(stats?.values).toBe((stats?.orgs ?? 0) * 5 * 30);
    expect(stats).toMatchObject({ days: 30, runs: 30 });
  });

  it('shows Northwind its position and trend, and hides its complementary cell', async () => {
    const admin = await account('admin@northwind.test');
    const org = admin.organizationId ?? '';
    const api = callerFor(db.em(), admin);
    const all = await api.benchmarks.compare({ organizationId: org, metricKey: 'login_rate' });
    expect(all.peerCount).toBeGreaterThan(250);
    expect(all.median).not.toBeNull();
    const industry = await api.benchmarks.compare({
      organizationId: org,
      metricKey: 'login_rate',
      industry: true,
    });
    expect(industry.description).toBe('Healthcare (33 organizations)');
    const cell = await api.benchmarks.compare({
      organizationId: org,
      metricKey: 'login_rate',
      industry: true,
      band: true,
    });
    expect(cell.peerCount).toBeNull();
    expect(cell.notes.join(' ')).toMatch(/differs from a wider one/);
    const history = await api.benchmarks.history({ organizationId: org, metricKey: 'login_rate' });
    expect(history.points).toHaveLength(30);
    const ranks = history.points.map((p) => p.percentileRank ?? 0);
    // The demo customer improves over the month.
    expect(ranks.at(-1)).toBeGreaterThan(ranks[0] ?? 100);
  });

  it('hides Contoso’s cell of 4 for its size', async () => {
    const admin = await account('admin@contoso.test');
    const cell = await callerFor(db.em(), admin).benchmarks.compare({
      organizationId: admin.organizationId ?? '',
      metricKey: 'case_resolution_time',
      industry: true,
      band: true,
    });
    expect(cell.peerCount).toBeNull();
    expect(cell.notes).toEqual(['Hidden: fewer than 5 organizations in this group.']);
  });
});
