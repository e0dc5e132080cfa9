import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_FAILURES_PER_MINUTE } from '../src/modules/auth/service.ts';
import {
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
  server = await startTestServer(db.orm);
});
afterAll(async () => {
  await server.close();
  await db.close();
});

const cookieOf = (setCookie: string[]) => setCookie.map((c) => c.split(';')[0]).join('; ');

describe('sign-in (R10)', () => {
  it('sets an httpOnly SameSite session cookie and reports the user', async () => {
    const user = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    const login = await trpcHttp(server.url, 'auth.login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(login.status).toBe(200);
    expect(login.setCookie).toHaveLength(1);
    const cookie = login.setCookie[0] ?? '';
    expect(cookie).toMatch(/^credence_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = await trpcHttp(server.url, 'auth.me', undefined, {
      method: 'GET',
      cookie: cookieOf(login.setCookie),
    });
    expect(me.body.result?.data).toMatchObject({
      id: user.id,
      email: user.email,
      role: 'EMPLOYEE',
    });
  });

  it('stores passwords as argon2id hashes', async () => {
    const user = await makeUser(db.em(), 'PLATFORM_ADMIN');
    const [row] = await db
      .em()
      .execute<{ password_hash: string }[]>('select password_hash from app_user where id = ?', [
        user.id,
      ]);
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('ends the session on the server at logout, so the old cookie no longer works', async () => {
    const user = await makeUser(db.em(), 'CUSTOMER_SUCCESS');
    const login = await trpcHttp(server.url, 'auth.login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    const cookie = cookieOf(login.setCookie);
    const logout = await trpcHttp(server.url, 'auth.logout', undefined, { cookie });
    expect(logout.status).toBe(200);
    expect(logout.setCookie[0]).toMatch(/Max-Age=0/);
    const [sessions] = await db
      .em()
      .execute<{ n: number }[]>('select count(*)::int as n from session where user_id = ?', [
        user.id,
      ]);
    expect(sessions?.n).toBe(0);
    // Replaying the old cookie (as an attacker who copied it would) gets no identity.
    const me = await trpcHttp(server.url, 'auth.me', undefined, { method: 'GET', cookie });
    expect(me.body.result?.data).toBeNull();
    const denied = await trpcHttp(server.url, 'auth.logout', undefined, { cookie });
    expect(denied.status).toBe(401);
  });

  it('answers the 11th failed sign-in within a minute with 429, even with the right password', async () => {
    const user = await makeUser(db.em(), 'ADMIN', await makeOrganization(db.em()));
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_FAILURES_PER_MINUTE + 1; i++) {
      const res = await trpcHttp(server.url, 'auth.login', {
        email: user.email,
        password: 'wrong password',
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, LOGIN_FAILURES_PER_MINUTE)).toEqual(
      Array(LOGIN_FAILURES_PER_MINUTE).fill(401),
    );
    expect(statuses.at(-1)).toBe(429);
    const blocked = await trpcHttp(server.url, 'auth.login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.setCookie).toHaveLength(0);
  });

  it('does not tell unknown emails from wrong passwords', async () => {
    const res = await trpcHttp(server.url, 'auth.login', {
      email: 'nobody@example.test',
      password: 'whatever',
    });
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe('Email or password is wrong');
  });

  it('refuses deactivated users', async () => {
    const user = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()), {
      isActive: false,
    });
    const res = await trpcHttp(server.url, 'auth.login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(res.status).toBe(401);
  });

  it('rejects unknown input keys with a 400 and field errors', async () => {
    const res = await trpcHttp(server.url, 'auth.login', {
      email: 'a@b.test',
      password: 'x',
      actAs: 'someone',
    });
    expect(res.status).toBe(400);
    expect(res.body.error?.data.code).toBe('BAD_REQUEST');
  });
});

describe('/healthz', () => {
  it('reports the database as up', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'up' });
  });
});

/** A GET batch of `n` auth.me calls. */
const batch = (n: number) =>
  fetch(
    `${server.url}/trpc/${Array(n).fill('auth.me').join(',')}?batch=1&input=${encodeURIComponent('{}')}`,
  );

describe('sign-in under concurrency (R10)', () => {
  it('verifies at most 10 passwords a minute per key, even for parallel or batched guesses', async () => {
    const user = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    const guesses = Array.from({ length: 25 }, (_, i) =>
      trpcHttp(server.url, 'auth.login', { email: user.email, password: `guess ${i}` }),
    );
    const statuses = (await Promise.all(guesses)).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LOGIN_FAILURES_PER_MINUTE);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(
      25 - LOGIN_FAILURES_PER_MINUTE,
    );
    // The right password, once over the limit, is not even checked.
    const right = await trpcHttp(server.url, 'auth.login', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(right.status).toBe(429);
  });

  it('refuses batches larger than the server allows', async () => {
    expect((await batch(10)).status).toBe(200);
    expect((await batch(11)).status).toBe(400);
  });
});
