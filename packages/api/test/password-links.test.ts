import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../src/modules/auth/limits.ts';
import {
  callerFor,
  createTestDatabase,
  makeOrganization,
  makeUser,
  startTestServer,
  TEST_PASSWORD,
  trpcHttp,
  type TestDatabase,
  type TestServer,
} from '../src/testing/index.ts';

let db: TestDatabase;
let server: TestServer;
beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.orm, undefined, { trustProxy: 1 });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

const NEW_PASSWORD = 'a password of my own';
const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let addressCounter = 0;
/** auth.setPassword over HTTP, each call from its own address unless told otherwise. */
const setPassword = (
  token: string,
  password = NEW_PASSWORD,
  from = `192.0.2.${++addressCounter}`,
) =>
  trpcHttp(
    server.url,
    'auth.setPassword',
    { token, password },
    { headers: { 'x-forwarded-for': from } },
  );

const login = (email: string, password: string) =>
  trpcHttp(
    server.url,
    'auth.login',
    { email, password },
    { headers: { 'x-forwarded-for': '198.51.100.200' } },
  );

async function setting() {
  const org = await makeOrganization(db.em());
  const admin = await makeUser(db.em(), 'ADMIN', org);
  const employee = await makeUser(db.em(), 'EMPLOYEE', org);
  return { org, admin, employee };
}

describe('one-time set-password links', () => {
  it('lets a client admin give an employee a link, shown once and stored only as a hash', async () => {
    const { admin, employee } = await setting();
    const link = await callerFor(db.em(), admin).users.createPasswordLink({ id: employee.id });
    expect(link.url).toMatch(/^http:\/\/localhost:3000\/set-password\?token=[A-Za-z0-9_-]{43}$/);
    const hours = (Date.parse(link.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const token = tokenOf(link.url);
    const rows = await db
      .em()
      .execute<{ token_hash: string; created_by_id: string }[]>(
        'select token_hash, created_by_id from password_link where user_id = ?',
        [employee.id],
      );
    expect(rows).toEqual([{ token_hash: sha256(token), created_by_id: admin.id }]);
    const dump = JSON.stringify(await db.em().execute('select * from password_link'));
    expect(dump).not.toContain(token);

    expect((await setPassword(token)).status).toBe(200);
    expect((await login(employee.email, NEW_PASSWORD)).status).toBe(200);
    expect((await login(employee.email, TEST_PASSWORD)).status).toBe(401);

    const audit = await db
      .em()
      .execute<{ action: string; actor_id: string }[]>(
        `select action, actor_id from audit_log where target_id = ? and action like 'user.password%' order by id`,
        [employee.id],
      );
    expect(audit).toEqual([
      { action: 'user.password_link_created', actor_id: admin.id },
      { action: 'user.password_set_by_link', actor_id: employee.id },
    ]);
  });

  it('gives a person created without a password their way in', async () => {
    const { org, admin } = await setting();
    const api = callerFor(db.em(), admin);
    const created = await api.users.create({
      email: `no-password-${org.id}@example.test`,
      name: 'New Colleague',
      role: 'EMPLOYEE',
    });
    const { url } = await api.users.createPasswordLink({ id: created.id });
    expect((await setPassword(tokenOf(url))).status).toBe(200);
    expect((await login(created.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('points at the address the request was made to when PUBLIC_URL is not set', async () => {
    const { admin, employee } = await setting();
    const signedIn = await trpcHttp(server.url, 'auth.login', {
      email: admin.email,
      password: TEST_PASSWORD,
    });
    const cookie = signedIn.setCookie.map((c) => c.split(';')[0]).join('; ');
    const res = await trpcHttp(
      server.url,
      'users.createPasswordLink',
      { id: employee.id },
      { cookie },
    );
    expect(res.status).toBe(200);
    const { url } = (res.body.result?.data ?? { url: '' }) as { url: string };
    expect(url.startsWith(`${server.url}/set-password?token=`)).toBe(true);
  });

  it('works once: a second use, an expired link and a replaced link are refused', async () => {
    const { admin, employee } = await setting();
    const api = callerFor(db.em(), admin);
    const first = tokenOf((await api.users.createPasswordLink({ id: employee.id })).url);
    const second = tokenOf((await api.users.createPasswordLink({ id: employee.id })).url);
    const replaced = await setPassword(first);
    expect(replaced.status).toBe(404);
    expect(replaced.body.error?.message).toMatch(/Ask your administrator for a new link/);
    expect((await setPassword(second)).status).toBe(200);
    expect((await setPassword(second, 'yet another password')).status).toBe(404);

    const third = tokenOf((await api.users.createPasswordLink({ id: employee.id })).url);
    await db
      .em()
      .execute(
        `update password_link set expires_at = now() - interval '1 second' where token_hash = ?`,
        [sha256(third)],
      );
    expect((await setPassword(third)).status).toBe(404);
    expect((await login(employee.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('is consumed exactly once when used concurrently', async () => {
    const { admin, employee } = await setting();
    const token = tokenOf(
      (await callerFor(db.em(), admin).users.createPasswordLink({ id: employee.id })).url,
    );
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => setPassword(token, `concurrent password ${i}`)),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 404)).toHaveLength(5);
    const used = await db
      .em()
      .execute<{ n: number }[]>(
        `select count(*)::int as n from audit_log where action = 'user.password_set_by_link' and target_id = ?`,
        [employee.id],
      );
    expect(used[0]?.n).toBe(1);
  });

  it("ends the user's sessions when the password is set", async () => {
    const { admin, employee } = await setting();
    expect((await login(employee.email, TEST_PASSWORD)).status).toBe(200);
    const token = tokenOf(
      (await callerFor(db.em(), admin).users.createPasswordLink({ id: employee.id })).url,
    );
    expect((await setPassword(token)).status).toBe(200);
    const [row] = await db
      .em()
      .execute<{ n: number }[]>('select count(*)::int as n from session where user_id = ?', [
        employee.id,
      ]);
    expect(row?.n).toBe(0);
  });

  it("answers another organisation's people with NOT_FOUND and staff accounts only to platform admins", async () => {
    const { admin } = await setting();
    const stranger = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    await expect(
      callerFor(db.em(), admin).users.createPasswordLink({ id: stranger.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const manager = await makeUser(db.em(), 'IMPLEMENTATION_MANAGER');
    const platformAdmin = await makeUser(db.em(), 'PLATFORM_ADMIN');
    await expect(
      callerFor(db.em(), manager).users.createPasswordLink({ id: platformAdmin.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await callerFor(db.em(), platformAdmin).users.createPasswordLink({ id: manager.id });
    await callerFor(db.em(), manager).users.createPasswordLink({ id: admin.id });
  });

  it('limits attempts per address, valid links or not', async () => {
    const { points } = SIGN_IN_LIMITS.setPassword;
    const madeUp = 'A'.repeat(43);
    const statuses: number[] = [];
    for (let i = 0; i <= points; i++)
      statuses.push((await setPassword(madeUp, NEW_PASSWORD, '203.0.113.99')).status);
    expect(statuses.slice(0, points)).toEqual(Array(points).fill(404));
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("one's own password", () => {
  it('changes with the current one; other sessions end, this one stays', async () => {
    const employee = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    const other = await login(employee.email, TEST_PASSWORD);
    const mine = await login(employee.email, TEST_PASSWORD);
    const cookieOf = (r: typeof mine) => r.setCookie.map((c) => c.split(';')[0]).join('; ');
    const wrong = await trpcHttp(
      server.url,
      'auth.changePassword',
      { currentPassword: 'not my password', newPassword: NEW_PASSWORD },
      { cookie: cookieOf(mine) },
    );
    expect(wrong.status).toBe(400);
    const changed = await trpcHttp(
      server.url,
      'auth.changePassword',
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
      { cookie: cookieOf(mine) },
    );
    expect(changed.status).toBe(200);
    const meWith = async (r: typeof mine) =>
      (await trpcHttp(server.url, 'auth.me', undefined, { method: 'GET', cookie: cookieOf(r) }))
        .body.result?.data;
    expect(await meWith(mine)).toMatchObject({ id: employee.id });
    expect(await meWith(other)).toBeNull();
    expect((await login(employee.email, NEW_PASSWORD)).status).toBe(200);
  });
});
