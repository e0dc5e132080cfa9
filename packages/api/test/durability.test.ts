import { statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { inject, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate, openOrm } from '../src/db/orm.ts';
import { migrationsList } from '../src/db/migrations/index.ts';
import { seedDemoData } from '../src/db/seed/index.ts';
import { createOrganization } from '../src/modules/organizations/service.ts';
import { createUser } from '../src/modules/users/service.ts';
import { createTestDatabase, makeUser, type TestDatabase } from '../src/testing/index.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe('durability (R11)', () => {
  it('keeps data across a stop and start of the embedded server', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const dataDir = path.join(root, '.data', 'test', `restart-${process.pid}`);
    try {
      const first = await startEmbeddedPostgres({ dataDir });
      await first.createDatabase('kept');
      const orm = await openOrm(first.url('kept'), { poolSize: 2 });
      await migrate(orm);
      expect(await seedDemoData(orm.em.fork())).toBe(true);
      await orm.close();
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir });
      const again = await openOrm(second.url('kept'), { poolSize: 2 });
      expect(await migrate(again)).toEqual([]);
      const [row] = await again.em
        .fork()
        .execute<{ n: number }[]>('select count(*)::int as n from app_user');
      expect(row?.n).toBeGreaterThan(0);
      // Seeding is once only: a second start leaves the data as it is.
      expect(await seedDemoData(again.em.fork())).toBe(false);
      await again.close();
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('starts from a checkout inside a private (mode 700) folder without opening it', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'credence-home-'));
    await chmod(home, 0o700);
    const dataDir = path.join(home, 'checkout', '.data', 'postgres');
    await mkdir(path.dirname(dataDir), { recursive: true });
    const relocated = process.getuid?.() === 0;
    try {
      const pg = await startEmbeddedPostgres({ dataDir });
      await pg.createDatabase('private');
      const client = new Client({ connectionString: pg.url('private') });
      await client.connect();
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await client.end();
      await pg.stop();
      // As root the server runs as `postgres`, which cannot enter the folder: the data lives
      // where it can reach it, linked from the checkout.
      if (relocated) expect(await readlink(dataDir)).toMatch(/^\/var\/lib\/credence\/data-/);
      expect(statSync(home).mode & 0o777).toBe(0o700);
    } finally {
      if (relocated)
        await rm(await readlink(dataDir).catch(() => ''), { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    }
  }, 180_000);

  it('applies the later migrations cleanly on a database populated at the first one', async () => {
    const template = inject('databaseUrlTemplate');
    const admin = new Client({ connectionString: template.replace('__DB__', 'postgres') });
    await admin.connect();
    await admin.query('create database populated_early');
    await admin.end();
    const orm = await openOrm(template.replace('__DB__', 'populated_early'), { poolSize: 2 });
    const first = migrationsList[0];
    if (!first) throw new Error('no migrations');
    await orm.migrator.up({ to: first.name });
    const em = orm.em.fork();
    await em.execute(
      `insert into organization (id, name, industry_sector, employee_count, status, created_at, updated_at)
       values (gen_random_uuid(), 'Early Ltd', 'Retail', 40, 'ACTIVE', now(), now())`,
    );
    const applied = await migrate(orm);
    expect(applied).toEqual(migrationsList.slice(1).map((m) => m.name));
    const [row] = await orm.em.fork().execute<{ name: string }[]>('select name from organization');
    expect(row?.name).toBe('Early Ltd');
    // The committed migrations describe the entities exactly: nothing left to generate.
    expect(await orm.migrator.checkSchema()).toBe(false);
    await orm.close();
  });

  it('leaves no partial rows when a transaction fails half way', async () => {
    const staff = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const before = await db.rowCounts();
    const em = db.em();
    await expect(
      em.transactional(async (tx) => {
        const org = await createOrganization(tx, {
          name: 'Half Written Inc',
          industrySector: 'Energy',
          employeeCount: 10,
          status: 'ACTIVE',
        });
        // The second write breaks a rule: the first must not survive.
        await createUser(
          tx,
          staff,
          { kind: 'all' },
          {
            email: staff.email,
            name: 'Duplicate',
            password: 'long enough password',
            role: 'EMPLOYEE',
            organizationId: org.id,
          },
        );
      }),
    ).rejects.toThrow();
    expect(await db.rowCounts()).toEqual(before);
  });
});
