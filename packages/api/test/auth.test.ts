import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS, signInKeys } from '../src/modules/auth/limits.ts';
import {
  createHashingGate,
  HASHING_CONCURRENCY,
  hashingGate,
} from '../src/modules/auth/passwords.ts';
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

/** Failed sign-ins allowed for one account from one address. */
const LOGIN_FAILURES_PER_MINUTE = SIGN_IN_LIMITS.accountFromAddress.points;

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

/** A failed sign-in for `email` as seen from `forwardedFor`. */
const failFrom = (base: string, email: string, forwardedFor: string) =>
  trpcHttp(
    base,
    'auth.login',
    { email, password: 'wrong password' },
    { headers: { 'x-forwarded-for': forwardedFor } },
  );

describe('X-Forwarded-For without a trusted proxy (the default)', () => {
  it('does not let a client escape the limit by rotating the header', async () => {
    const user = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_FAILURES_PER_MINUTE; i++) {
      statuses.push((await failFrom(server.url, user.email, `198.51.100.${i + 1}`)).status);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  it('answers a very long header like any other failed sign-in, not with a 500', async () => {
    const res = await failFrom(server.url, 'nobody@example.test', `${'9'.repeat(5000)}, 1.2.3.4`);
    expect(res.status).toBe(401);
  });
});

describe('X-Forwarded-For behind one trusted proxy (TRUST_PROXY=1)', () => {
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startTestServer(db.orm, undefined, { trustProxy: 1 });
  });
  afterAll(() => proxied.close());

  it('counts failures per forwarded client address', async () => {
    const user = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    for (let i = 0; i < LOGIN_FAILURES_PER_MINUTE; i++) {
      expect((await failFrom(proxied.url, user.email, '203.0.113.7')).status).toBe(401);
    }
    expect((await failFrom(proxied.url, user.email, '203.0.113.7')).status).toBe(429);
    // The proxy appends the address it saw; what the client wrote before it is ignored.
    expect((await failFrom(proxied.url, user.email, '1.1.1.1, 203.0.113.7')).status).toBe(429);
    expect((await failFrom(proxied.url, user.email, '203.0.113.8')).status).toBe(401);
  });

  it('counts an IPv6 client by its /64, so rotating its own addresses does not help', async () => {
    const user = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    for (let i = 0; i < LOGIN_FAILURES_PER_MINUTE; i++) {
      const res = await failFrom(proxied.url, user.email, `2001:db8:5:6::${(i + 1).toString(16)}`);
      expect(res.status).toBe(401);
    }
    const rotated = await failFrom(proxied.url, user.email, '2001:db8:5:6:ffff:ffff:ffff:ffff');
    expect(rotated.status).toBe(429);
    expect((await failFrom(proxied.url, user.email, '2001:db8:5:7::1')).status).toBe(401);
  });

  it('never answers hostile headers with a 5xx', async () => {
    const hostile = [
      '9'.repeat(10_000),
      Array.from({ length: 500 }, (_, i) => `10.0.${i % 256}.${i % 200}`).join(', '),
      'not-an-address',
      '<script>alert(1)</script>',
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
      `fe80::1%${'x'.repeat(300)}`,
      '300.300.300.300',
      ', , ,',
      '\t',
    ];
    for (const header of hostile) {
      const res = await failFrom(proxied.url, 'nobody@example.test', header);
      expect([401, 429], header.slice(0, 40)).toContain(res.status);
    }
    const [longest] = await db
      .em()
      .execute<{ n: number }[]>('select max(length(key))::int as n from rate_limit');
    expect(longest?.n).toBeLessThanOrEqual(100);
  });
});

describe('limits across emails and addresses', () => {
  let proxied: TestServer;
  beforeAll(async () => {
    proxied = await startTestServer(db.orm, undefined, { trustProxy: 1 });
  });
  afterAll(() => proxied.close());

  it('stops an address that tries made-up emails, each of which costs a password hash', async () => {
    const { points } = SIGN_IN_LIMITS.address;
    const address = '192.0.2.44';
    const statuses: number[] = [];
    for (let start = 0; start < points + 5; start += 10) {
      const attempts = Array.from({ length: 10 }, (_, i) =>
        failFrom(proxied.url, `made-up-${start + i}@example.test`, address),
      );
      statuses.push(...(await Promise.all(attempts)).map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(points);
    expect(statuses.filter((s) => s === 429)).toHaveLength(statuses.length - points);
    // The address is blocked for everyone, so the answers tell no account from another.
    const user = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    const right = await trpcHttp(
      proxied.url,
      'auth.login',
      { email: user.email, password: TEST_PASSWORD },
      { headers: { 'x-forwarded-for': address } },
    );
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(3600);
  });

  it('pauses an account attacked from many addresses, longer each time, never for good', async () => {
    const user = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    const { points } = SIGN_IN_LIMITS.account;
    const accountKey = `signin_acct:${signInKeys('0.0.0.0', user.email).account}`;
    const attack = async (round: number) => {
      for (let i = 0; i < points; i++) {
        const res = await failFrom(proxied.url, user.email, `10.${round}.${i}.1`);
        expect(res.status).toBe(401);
      }
      const refused = await failFrom(proxied.url, user.email, `10.${round}.250.1`);
      expect(refused.status).toBe(429);
      return Number(refused.headers.get('retry-after'));
    };
    const first = await attack(1);
    expect(first).toBe(60);
    // Even the right password waits while the account is paused.
    const paused = await trpcHttp(
      proxied.url,
      'auth.login',
      { email: user.email, password: TEST_PASSWORD },
      { headers: { 'x-forwarded-for': '10.9.9.9' } },
    );
    expect(paused.status).toBe(429);
    // The pause ends (its expiry moved to the past, as time would), and the count starts over.
    const endPause = () =>
      db
        .em()
        .execute('update rate_limit set expire = ? where key = ?', [Date.now() - 1, accountKey]);
    await endPause();
    expect(await attack(2)).toBe(120);
    await endPause();
    const welcome = await trpcHttp(
      proxied.url,
      'auth.login',
      { email: user.email, password: TEST_PASSWORD },
      { headers: { 'x-forwarded-for': '10.9.9.9' } },
    );
    expect(welcome.status).toBe(200);
  });
});

describe('password hashing under load', () => {
  it("runs at most the gate's number of computations at once and turns away the overflow", async () => {
    const gate = createHashingGate(2, 3);
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      new Promise<void>((resolve) => {
        running++;
        most = Math.max(most, running);
        releases.push(() => {
          running--;
          resolve();
        });
      });
    const accepted = Array.from({ length: 5 }, () => gate.run(work));
    await expect(gate.run(work)).rejects.toMatchObject({ code: 'AUTH.BUSY' });
    // Finish the computations one by one; the gate starts a waiting one as each ends.
    for (let finished = 0; finished < 5; finished++) {
      await new Promise((r) => setTimeout(r, 5));
      releases.shift()?.();
    }
    await Promise.all(accepted);
    expect(most).toBe(2);
    expect(gate.peak()).toBe(2);
  });

  it('never verifies more than HASHING_CONCURRENCY passwords at once, however many sign in', async () => {
    const org = await makeOrganization(db.em());
    const users = await Promise.all(
      Array.from({ length: 24 }, () => makeUser(db.em(), 'EMPLOYEE', org)),
    );
    hashingGate.resetPeak();
    const results = await Promise.all(
      users.map((u) =>
        trpcHttp(server.url, 'auth.login', { email: u.email, password: TEST_PASSWORD }),
      ),
    );
    for (const r of results) expect([200, 503]).toContain(r.status);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    expect(hashingGate.peak()).toBeGreaterThan(1);
    expect(hashingGate.peak()).toBeLessThanOrEqual(HASHING_CONCURRENCY);
  });
});
