/**
 * The API's benchmarks (`pnpm bench`): an embedded PostgreSQL under .data/bench, a fresh
 * database per run, a table printed and recorded in bench/RESULTS.md. No timing assertion
 * fails the run; a missed target is reported in the table.
 */
process.env.LOG_LEVEL ??= 'warn';

const path = await import('node:path');
const { Client } = await import('pg');
const { startEmbeddedPostgres } = await import('../src/db/embedded.ts');
const { migrate, openOrm } = await import('../src/db/orm.ts');
const { ROOT, RESULTS_FILE, writeResultsSection } = await import('./lib.ts');
const { openCountingOrm } = await import('./statements.ts');
const { benchReadiness } = await import('./b4-readiness.ts');
const { benchNightly } = await import('./b1-benchmarks.ts');

/** `node bench/run.ts [b1] [b4]`: the benchmarks to run, all by default. */
const asked = process.argv.slice(2).map((a) => a.toLowerCase());
const wants = (name: string) => asked.length === 0 || asked.includes(name);

const dataDir = path.join(ROOT, '.data', 'bench', 'pg');
const pg = await startEmbeddedPostgres({ dataDir, ephemeral: true });
const database = `bench_${process.pid}_${Date.now()}`;
try {
  await pg.createDatabase(database);
  const url = pg.url(database);
  const setup = await openOrm(url, { poolSize: 2 });
  await migrate(setup);
  await setup.close();

  if (wants('b4')) {
    const counting = await openCountingOrm(url, { poolSize: 4 });
    try {
      const [version] = await counting.orm.em
        .fork()
        .execute<{ v: string }[]>(`select current_setting('server_version') as v`);
      console.log('B4 — go-live readiness: generating the data set…');
      const b4 = await benchReadiness(counting, version?.v ?? 'unknown');
      console.log(`\nB4 — go-live readiness\n\n${b4.markdown}\n`);
      await writeResultsSection('B4 — go-live readiness', b4.markdown);
    } finally {
      await counting.orm.close();
    }
  }

  // After B4: it replaces every organisation with its own data set.
  if (wants('b1')) {
    const orm = await openOrm(url, { poolSize: 4 });
    try {
      const [version] = await orm.em
        .fork()
        .execute<{ v: string }[]>(`select current_setting('server_version') as v`);
      const b1 = await benchNightly(orm, version?.v ?? 'unknown', [1000, 10_000, 100_000]);
      console.log(`\nB1 — nightly peer benchmarks\n\n${b1.markdown}\n`);
      await writeResultsSection('B1 — nightly peer benchmarks', b1.markdown);
    } finally {
      await orm.close();
    }
  }

  console.log(`recorded in ${path.relative(process.cwd(), RESULTS_FILE)}`);
} finally {
  const admin = new Client({ connectionString: pg.url('postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
  await admin.end();
  // The cluster is kept between runs (initdb costs about a second); its databases are not.
  await pg.stop();
}
