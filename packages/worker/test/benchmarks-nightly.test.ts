import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@credence/api/testing';
import { BENCHMARKS_NIGHTLY } from '../src/jobs/benchmarks-nightly/index.ts';
import { startWorker } from '../src/worker.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe('benchmarks.nightly', () => {
  it('is scheduled at 02:00 in the configured time zone', async () => {
    const worker = await startWorker({
      databaseUrl: db.url,
      concurrency: 1,
      timeZone: 'Europe/Zurich',
    });
    try {
      const rows = await db
        .em()
        .execute<{ repeat_interval: string; repeat_timezone: string }[]>(
          'select repeat_interval, repeat_timezone from agenda_jobs where name = ?',
          [BENCHMARKS_NIGHTLY],
        );
      expect(rows).toEqual([{ repeat_interval: '0 2 * * *', repeat_timezone: 'Europe/Zurich' }]);
    } finally {
      await worker.stop();
    }
  });

  it('R6: two workers started at once run a due nightly job once', async () => {
    await db.em().execute(
      `insert into organization (id, name, industry_sector, employee_count, status, created_at, updated_at)
       select gen_random_uuid(), 'Nightly ' || i, 'Retail', 10 * i, 'ACTIVE', now(), now()
         from generate_series(1, 40) i`,
    );
    await db.em().execute(
      `insert into metric_latest (organization_id, metric_key, measured_on, value)
       select id, 'login_rate', current_date, length(name) * 3 from organization`,
    );
    const start = () => startWorker({ databaseUrl: db.url, concurrency: 2, timeZone: 'UTC' });
    const workers = await Promise.all([start(), start()]);
    try {
      await db
        .em()
        .execute(`update agenda_jobs set next_run_at = now() where name = ?`, [BENCHMARKS_NIGHTLY]);
      const deadline = Date.now() + 25_000;
      let runs: { outcome: string; organizations: number }[] = [];
      while (Date.now() < deadline) {
        runs = await db
          .em()
          .execute(`select outcome, organizations from benchmark_run where trigger = 'SCHEDULE'`);
        if (runs.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // Give the other worker every chance to run it a second time.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      runs = await db
        .em()
        .execute(`select outcome, organizations from benchmark_run where trigger = 'SCHEDULE'`);
      expect(runs).toEqual([{ outcome: 'SUCCEEDED', organizations: 40 }]);
      const [ranks] = await db
        .em()
        .execute<{ n: number }[]>('select count(*)::int as n from benchmark_rank');
      expect(ranks?.n).toBe(40);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  }, 60_000);
});
