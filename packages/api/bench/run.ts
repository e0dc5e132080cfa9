/**
 * The API's benchmarks (`pnpm bench`, or `pnpm bench B2` for some of them): an embedded
 * PostgreSQL under .data/bench, a fresh database per benchmark and run, a table printed and
 * recorded in bench/RESULTS.md. No timing assertion fails the run; a missed target is reported
 * in the table.
 */
process.env.LOG_LEVEL ??= 'warn';

const path = await import('node:path');
const { Client } = await import('pg');
const { startEmbeddedPostgres } = await import('../src/db/embedded.ts');
const { migrate, openOrm } = await import('../src/db/orm.ts');
const { ROOT, RESULTS_FILE, writeResultsSection } = await import('./lib.ts');
const { openCountingOrm } = await import('./statements.ts');
const { benchReadiness } = await import('./b4-readiness.ts');
const { benchSubmit } = await import('./b2-submit.ts');
const { benchNightly } = await import('./b1-benchmarks.ts');

const only = new Set(process.argv.slice(2).map((a) => a.toUpperCase()));
const wanted = (id: string) => only.size === 0 || only.has(id);

const dataDir = path.join(ROOT, '.data', 'bench', 'pg');
const pg = await startEmbeddedPostgres({ dataDir, ephemeral: true });
const databases: string[] = [];

/** A new, migrated database of its own. */
async function freshDatabase(id: string): Promise<string> {
  const database = `bench_${id.toLowerCase()}_${process.pid}_${Date.now()}`;
  databases.push(database);
  await pg.createDatabase(database);
  const url = pg.url(database);
  const setup = await openOrm(url, { poolSize: 2 });
  await migrate(setup);
  await setup.close();
  return url;
}

async function record(heading: string, markdown: string): Promise<void> {
  console.log(`\n${heading}\n\n${markdown}\n`);
  await writeResultsSection(heading, markdown);
  console.log(`recorded in ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

try {
  if (wanted('B2')) {
    const url = await freshDatabase('B2');
    const orm = await openOrm(url, { poolSize: 4 });
    try {
      const [version] = await orm.em
        .fork()
        .execute<{ v: string }[]>(`select current_setting('server_version') as v`);
      console.log('B2 — quiz submit over HTTP: generating the data set…');
      const b2 = await benchSubmit(orm.em.fork(), url, version?.v ?? 'unknown');
      await record('B2 — quiz submit over HTTP', b2.markdown);
    } finally {
      await orm.close();
    }
  }
  if (wanted('B4')) {
    const counting = await openCountingOrm(await freshDatabase('B4'), { poolSize: 4 });
    try {
      const [version] = await counting.orm.em
        .fork()
        .execute<{ v: string }[]>(`select current_setting('server_version') as v`);
      console.log('B4 — go-live readiness: generating the data set…');
      const b4 = await benchReadiness(counting, version?.v ?? 'unknown');
      await record('B4 — go-live readiness', b4.markdown);
    } finally {
      await counting.orm.close();
    }
  }
  if (wanted('B1')) {
    const orm = await openOrm(await freshDatabase('B1'), { poolSize: 4 });
    try {
      const [version] = await orm.em
        .fork()
        .execute<{ v: string }[]>(`select current_setting('server_version') as v`);
      const b1 = await benchNightly(orm, version?.v ?? 'unknown', [1000, 10_000, 100_000]);
      await record('B1 — nightly peer benchmarks', b1.markdown);
    } finally {
      await orm.close();
    }
  }
} finally {
  const admin = new Client({ connectionString: pg.url('postgres') });
  await admin.connect();
  for (const database of databases) {
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
  }
  await admin.end();
  // The cluster is kept between runs (initdb costs about a second); its databases are not.
  await pg.stop();
}
