import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieSecure, parseEnv } from '../src/env.ts';
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

/** Signs a new user in; returns the cookie and the id of the user. */
async function signIn() {
  const user = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
  const res = await trpcHttp(server.url, 'auth.login', {
    email: user.email,
    password: TEST_PASSWORD,
  });
  expect(res.status).toBe(200);
  return { cookie: res.setCookie.map((c) => c.split(';')[0]).join('; '), userId: user.id };
}

const me = async (cookie: string) =>
  (await trpcHttp(server.url, 'auth.me', undefined, { method: 'GET', cookie })).body.result?.data;

/** Moves the session's timestamps, as time passing would (minutes relative to now). */
async function shift(userId: string, at: { createdMinutesAgo?: number; expiresInMinutes: number }) {
  await db.em().execute(
    `update session set expires_at = now() + make_interval(secs => ?),
                        created_at = coalesce(now() - make_interval(secs => ?), created_at)
      where user_id = ?`,
    [
      at.expiresInMinutes * 60,
      at.createdMinutesAgo === undefined ? null : at.createdMinutesAgo * 60,
      userId,
    ],
  );
}

/** Minutes from now until the session's idle deadline. */
async function minutesLeft(userId: string): Promise<number> {
  const [row] = await db
    .em()
    .execute<{ m: number }[]>(
      `select extract(epoch from expires_at - now())::float8 / 60 as m from session where user_id = ?`,
      [userId],
    );
  return row?.m ?? Number.NaN;
}

describe('sessions: idle timeout, sliding renewal, absolute maximum', () => {
  it('starts with the idle deadline (60 minutes by default)', async () => {
    const { userId } = await signIn();
    expect(await minutesLeft(userId)).toBeCloseTo(60, 0);
  });

  it('ends a session left idle past its deadline', async () => {
    const { cookie, userId } = await signIn();
    await shift(userId, { expiresInMinutes: -0.1 });
    expect(await me(cookie)).toBeNull();
  });

  it('renews a session in use, at most once a minute', async () => {
    const { cookie, userId } = await signIn();
    await shift(userId, { expiresInMinutes: 5 });
    expect(await me(cookie)).toMatchObject({ id: userId });
    expect(await minutesLeft(userId)).toBeCloseTo(60, 0);
    // Used again 30 seconds after a renewal: nothing is written.
    await shift(userId, { expiresInMinutes: 59.5 });
    const before = await minutesLeft(userId);
    expect(await me(cookie)).toMatchObject({ id: userId });
    expect(await minutesLeft(userId)).toBeLessThan(before);
  });

  it('ends a session at its absolute maximum however active, and never renews past it', async () => {
    const { cookie, userId } = await signIn();
    await shift(userId, { createdMinutesAgo: 12 * 60 - 10, expiresInMinutes: 1 });
    expect(await me(cookie)).toMatchObject({ id: userId });
    expect(await minutesLeft(userId)).toBeCloseTo(10, 0);
    await shift(userId, { createdMinutesAgo: 12 * 60 + 1, expiresInMinutes: 30 });
    expect(await me(cookie)).toBeNull();
  });
});

describe('the session cookie', () => {
  it('is Secure when the public URL is https, unless COOKIE_SECURE says otherwise', () => {
    expect(cookieSecure(parseEnv({ PUBLIC_URL: 'https://credence.example.com' }))).toBe(true);
    expect(cookieSecure(parseEnv({ PUBLIC_URL: 'http://localhost:3000' }))).toBe(false);
    expect(cookieSecure(parseEnv({}))).toBe(false);
    expect(
      cookieSecure(
        parseEnv({ PUBLIC_URL: 'https://credence.example.com', COOKIE_SECURE: 'false' }),
      ),
    ).toBe(false);
    expect(cookieSecure(parseEnv({ COOKIE_SECURE: 'true' }))).toBe(true);
  });
});

describe('TRUST_PROXY', () => {
  it('is off unless configured, and takes a hop count or proxy addresses', () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(
      parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8, 192.0.2.1' }).TRUST_PROXY,
    ).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.1']);
  });

  it('refuses values that would trust everyone or are not addresses', () => {
    for (const value of ['true', 'everything', '10.0.0.0/99', '1.2.3', 'loopback,,']) {
      expect(() => parseEnv({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY/);
    }
  });
});
