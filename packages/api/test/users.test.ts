import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../src/modules/users/bootstrap.ts';
import {
  callerFor,
  createTestDatabase,
  makeOrganization,
  makeUser,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const password = 'a long enough password';

describe('people and organisations', () => {
  it('creates the first platform admin from the environment once', async () => {
    const config = {
      CREDENCE_ADMIN_EMAIL: 'Root@Example.test',
      CREDENCE_ADMIN_PASSWORD: 'first admin password',
      CREDENCE_ADMIN_NAME: 'Root',
    };
    await ensureFirstAdmin(db.em(), config);
    await ensureFirstAdmin(db.em(), { ...config, CREDENCE_ADMIN_NAME: 'Changed' });
    const rows = await db
      .em()
      .execute<{ name: string; role: string }[]>(
        `select name, role from app_user where email = 'root@example.test'`,
      );
    expect(rows).toEqual([{ name: 'Root', role: 'PLATFORM_ADMIN' }]);
  });

  it('lets a client admin manage only their own organisation, with client roles', async () => {
    const org = await makeOrganization(db.em());
    const other = await makeOrganization(db.em());
    const admin = await makeUser(db.em(), 'ADMIN', org);
    const api = callerFor(db.em(), admin);

    const created = await api.users.create({
      email: `Inv-${org.id}@Example.test`,
      name: 'Investigator',
      password,
      role: 'INVESTIGATOR',
    });
    expect(created).toMatchObject({
      organizationId: org.id,
      role: 'INVESTIGATOR',
      email: `inv-${org.id}@example.test`,
    });

    await expect(
      api.users.create({
        email: 'staff@example.test',
        name: 'Staff',
        password,
        role: 'PLATFORM_ADMIN',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      api.users.create({
        email: 'x@example.test',
        name: 'X',
        password,
        role: 'EMPLOYEE',
        organizationId: other.id,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const stranger = await makeUser(db.em(), 'EMPLOYEE', other);
    await expect(api.users.update({ id: stranger.id, name: 'Hijacked' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const listed = await api.users.list();
    expect(listed.items.every((u) => u.organizationId === org.id)).toBe(true);
    await expect(api.users.list({ organizationId: other.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('audits role changes and refuses changing your own role or swapping staff and client roles', async () => {
    const org = await makeOrganization(db.em());
    const staff = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const learner = await makeUser(db.em(), 'EMPLOYEE', org);
    const api = callerFor(db.em(), staff);

    await api.users.update({ id: learner.id, role: 'INVESTIGATOR' });
    const audit = await db
      .em()
      .execute<{ details: { from: string; to: string } }[]>(
        `select details from audit_log where action = 'user.role_changed' and target_id = ?`,
        [learner.id],
      );
    expect(audit.map((a) => a.details)).toEqual([{ from: 'EMPLOYEE', to: 'INVESTIGATOR' }]);

    await expect(
      api.users.update({ id: staff.id, role: 'CUSTOMER_SUCCESS' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      api.users.update({ id: learner.id, role: 'PLATFORM_ADMIN' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('keeps staff accounts for platform admins', async () => {
    const platformAdmin = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const manager = await makeUser(db.em(), 'IMPLEMENTATION_MANAGER');
    for (const change of [{ isActive: false }, { name: 'Taken Over' }]) {
      await expect(
        callerFor(db.em(), manager).users.update({ id: platformAdmin.id, ...change }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await callerFor(db.em(), platformAdmin).users.update({ id: manager.id, isActive: false });
    const audit = await db
      .em()
      .execute<{ action: string; target_id: string }[]>(
        `select action, target_id from audit_log where action = 'user.deactivated' order by id`,
      );
    expect(audit).toEqual([{ action: 'user.deactivated', target_id: manager.id }]);
  });

  it("takes no password in users.update: nobody types another person's password", async () => {
    const staff = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const employee = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    await expect(
      callerFor(db.em(), staff).users.update({
        id: employee.id,
        password: 'a brand new password',
      } as never),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('ends the sessions of a deactivated user', async () => {
    const org = await makeOrganization(db.em());
    const staff = await makeUser(db.em(), 'IMPLEMENTATION_MANAGER');
    const learner = await makeUser(db.em(), 'EMPLOYEE', org);
    await db
      .em()
      .execute(
        `insert into session (token_hash, user_id, created_at, expires_at) values (repeat('c', 64), ?, now(), now() + interval '1 day')`,
        [learner.id],
      );
    await callerFor(db.em(), staff).users.update({ id: learner.id, isActive: false });
    const [row] = await db
      .em()
      .execute<{ n: number }[]>('select count(*)::int as n from session where user_id = ?', [
        learner.id,
      ]);
    expect(row?.n).toBe(0);
  });

  it('rejects a duplicate email with CONFLICT, even when two creations race', async () => {
    const staff = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const org = await makeOrganization(db.em());
    const input = {
      email: `race-${org.id}@example.test`,
      name: 'Racer',
      password,
      role: 'EMPLOYEE' as const,
      organizationId: org.id,
    };
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => callerFor(db.em(), staff).users.create(input)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    }
  });

  it('keeps organisation names unique and validates sizes', async () => {
    const staff = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const api = callerFor(db.em(), staff);
    const org = await api.organizations.create({
      name: 'Acme Compliance',
      industrySector: 'Manufacturing',
      employeeCount: 120,
    });
    expect(org.status).toBe('ONBOARDING');
    await expect(
      api.organizations.create({
        name: 'Acme Compliance',
        industrySector: 'Retail',
        employeeCount: 5,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      api.organizations.create({ name: 'Zero Staff', industrySector: 'Retail', employeeCount: 0 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const updated = await api.organizations.update({ id: org.id, status: 'ACTIVE' });
    expect(updated.status).toBe('ACTIVE');
  });
});

describe('tenant isolation is audited', () => {
  it("answers another organisation's records with NOT_FOUND and logs the denied call", async () => {
    const org = await makeOrganization(db.em());
    const other = await makeOrganization(db.em());
    const admin = await makeUser(db.em(), 'ADMIN', org);
    const stranger = await makeUser(db.em(), 'EMPLOYEE', other);
    const api = callerFor(db.em(), admin);
    await expect(api.users.update({ id: stranger.id, name: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(api.organizations.get({ id: other.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const rows = await db
      .em()
      .execute<{ target_id: string }[]>(
        `select target_id from audit_log where action = 'access.denied' and actor_id = ? order by id`,
        [admin.id],
      );
    expect(rows.map((r) => r.target_id)).toEqual([stranger.id, other.id]);
  });
});

describe('concurrent role changes', () => {
  it('audits each change from the role it really replaced', async () => {
    const org = await makeOrganization(db.em());
    const staff = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const person = await makeUser(db.em(), 'EMPLOYEE', org);
    const roles = [
      'INVESTIGATOR',
      'ADMIN',
      'EMPLOYEE',
      'INVESTIGATOR',
      'ADMIN',
      'EMPLOYEE',
    ] as const;
    await Promise.all(
      roles.map((role) => callerFor(db.em(), staff).users.update({ id: person.id, role })),
    );
    const changes = await db
      .em()
      .execute<{ details: { from: string; to: string } }[]>(
        `select details from audit_log where action = 'user.role_changed' and target_id = ? order by id`,
        [person.id],
      );
    // The changes form one chain: each starts where the previous one ended.
    let current = 'EMPLOYEE';
    for (const { details } of changes) {
      expect(details.from).toBe(current);
      current = details.to;
    }
    const [row] = await db
      .em()
      .execute<{ role: string }[]>('select role from app_user where id = ?', [person.id]);
    expect(row?.role).toBe(current);
  });
});

describe('client admins within bounds', () => {
  it('manage investigators and employees but never another admin, and are told why', async () => {
    const org = await makeOrganization(db.em());
    const admin = await makeUser(db.em(), 'ADMIN', org);
    const otherAdmin = await makeUser(db.em(), 'ADMIN', org);
    const employee = await makeUser(db.em(), 'EMPLOYEE', org);
    const api = callerFor(db.em(), admin);

    for (const change of [
      { role: 'EMPLOYEE' as const },
      { isActive: false },
      { name: 'Demoted' },
    ]) {
      await expect(api.users.update({ id: otherAdmin.id, ...change })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: 'Client admins cannot change another admin; ask Credence staff',
      });
    }
    await expect(api.users.createPasswordLink({ id: otherAdmin.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const [row] = await db
      .em()
      .execute<{ role: string; is_active: boolean; name: string }[]>(
        'select role, is_active, name from app_user where id = ?',
        [otherAdmin.id],
      );
    expect(row).toMatchObject({ role: 'ADMIN', is_active: true, name: otherAdmin.name });
    const denied = await db
      .em()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from audit_log where action = 'access.denied' and actor_id = ? and target_id = ?`,
        [admin.id, otherAdmin.id],
      );
    expect(denied[0]?.n).toBe(4);

    // Their own people they manage, and their own name they may change.
    await api.users.update({ id: employee.id, role: 'INVESTIGATOR' });
    await api.users.update({ id: employee.id, isActive: false });
    await api.users.update({ id: admin.id, name: 'Renamed Myself' });
  });

  it('make nobody an admin: only Credence staff do', async () => {
    const org = await makeOrganization(db.em());
    const admin = await makeUser(db.em(), 'ADMIN', org);
    const employee = await makeUser(db.em(), 'EMPLOYEE', org);
    const message = 'Only Credence staff can make someone an admin';
    await expect(
      callerFor(db.em(), admin).users.update({ id: employee.id, role: 'ADMIN' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message });
    await expect(
      callerFor(db.em(), admin).users.create({
        email: `second-admin-${org.id}@example.test`,
        name: 'Second Admin',
        password,
        role: 'ADMIN',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message });
    const manager = await makeUser(db.em(), 'IMPLEMENTATION_MANAGER');
    const promoted = await callerFor(db.em(), manager).users.update({
      id: employee.id,
      role: 'ADMIN',
    });
    expect(promoted.role).toBe('ADMIN');
    // Staff change client admins too.
    await callerFor(db.em(), manager).users.update({ id: admin.id, isActive: false });
  });
});
