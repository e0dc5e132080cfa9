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

const dataDir = path.join(ROOT, '.data', 'bench', 'pg');
const pg = await startEmbeddedPostgres({ dataDir, ephemeral: true });
const database = `bench_${process.pid}_${Date.now()}`;
try {
  await pg.createDatabase(database);
  const url = pg.url(database);
  const setup = await openOrm(url, { poolSize: 2 });
  await migrate(setup);
  await setup.close();

  const counting = await openCountingOrm(url, { poolSize: 4 });
  try {
    const [version] = await counting.orm.em
      .fork()
      .execute<{ v: string }[]>(`select current_setting('server_version') as v`);
    console.log('B4 — go-live readiness: generating the data set…');
    const b4 = await benchReadiness(counting, version?.v ?? 'unknown');
    console.log(`\nB4 — go-live readiness\n\n${b4.markdown}\n`);
    await writeResultsSection('B4 — go-live readiness', b4.markdown);
    console.log(`recorded in ${path.relative(process.cwd(), RESULTS_FILE)}`);
  } finally {
    await counting.orm.close();
  }
} finally {
  const admin = new Client({ connectionString: pg.url('postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
  await admin.end();
  // The cluster is kept between runs (initdb costs about a second); its databases are not.
  await pg.stop();
}
