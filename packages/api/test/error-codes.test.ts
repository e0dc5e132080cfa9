/**
 * Typed error codes: every error answers with a code from the domain's list (`appCode`), the
 * input field it is about, and the list's message; unique violations are named by their
 * constraint, so the loser of a race gets the same precise answer as a plain duplicate.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../src/context.ts';
import {
  callerFor,
  createTestDatabase,
  makeOrganization,
  makeTrack,
  makeUser,
  signInCookie,
  startTestServer,
  TEST_PASSWORD,
  trpcHttp,
  type TestDatabase,
  type TestServer,
} from '../src/testing/index.ts';

let db: TestDatabase;
let server: TestServer;
let admin: SessionUser;
let cookie: string;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.orm);
  admin = await makeUser(db.em(), 'PLATFORM_ADMIN');
  cookie = await signInCookie(server.url, admin.email, TEST_PASSWORD);
});
afterAll(async () => {
  await server.close();
  await db.close();
});

/** What a rejected call carried: tRPC code, domain code, field and message. */
async function rejection(call: Promise<unknown>) {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { code?: string; field?: string } | undefined;
    return { code: error.code, appCode: cause?.code, field: cause?.field, message: error.message };
  }
}

const count = async (sql: string, params: unknown[]) => {
  const [row] = await db.em().execute<{ n: number }[]>(sql, params);
  return row?.n;
};

describe('unique violations answer by constraint name, races included', () => {
  const races = 6;

  it('a taken email is USER.EMAIL_TAKEN on the email field, for every loser of a race', async () => {
    const org = await makeOrganization(db.em());
    const input = {
      email: `taken-${org.id}@example.test`,
      name: 'Racer',
      password: 'a long enough password',
      role: 'EMPLOYEE' as const,
      organizationId: org.id,
    };
    const results = await Promise.all(
      Array.from({ length: races }, () => rejection(callerFor(db.em(), admin).users.create(input))),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r !== 'ok')).toEqual(
      Array.from({ length: races - 1 }, () => ({
        code: 'CONFLICT',
        appCode: 'USER.EMAIL_TAKEN',
        field: 'email',
        message: 'That email is already used',
      })),
    );
    expect(
      await count('select count(*)::int as n from app_user where email = ?', [input.email]),
    ).toBe(1);
  });

  it('a taken organisation name is ORGANIZATION.NAME_TAKEN on the name field', async () => {
    const name = `Racing Org ${Date.now()}`;
    const input = { name, industrySector: 'Retail', employeeCount: 10 };
    const results = await Promise.all(
      Array.from({ length: races }, () =>
        rejection(callerFor(db.em(), admin).organizations.create(input)),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(new Set(results.filter((r) => r !== 'ok').map((r) => JSON.stringify(r)))).toEqual(
      new Set([
        JSON.stringify({
          code: 'CONFLICT',
          appCode: 'ORGANIZATION.NAME_TAKEN',
          field: 'name',
          message: 'That name is already used',
        }),
      ]),
    );
    // Renaming another organisation to the taken name is the same answer.
    const other = await makeOrganization(db.em());
    expect(
      await rejection(callerFor(db.em(), admin).organizations.update({ id: other.id, name })),
    ).toMatchObject({ appCode: 'ORGANIZATION.NAME_TAKEN', field: 'name' });
  });

  it('a taken track slug is TRACK.SLUG_TAKEN on the slug field, on create and update', async () => {
    const slug = `racing-${Date.now()}`;
    const input = {
      slug,
      name: 'Racing',
      type: 'CLIENT_EMPLOYEE' as const,
      level: 'FOUNDATION' as const,
    };
    const results = await Promise.all(
      Array.from({ length: races }, () =>
        rejection(callerFor(db.em(), admin).catalog.createTrack(input)),
      ),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    for (const lost of results.filter((r) => r !== 'ok')) {
      expect(lost).toEqual({
        code: 'CONFLICT',
        appCode: 'TRACK.SLUG_TAKEN',
        field: 'slug',
        message: 'That slug is already used',
      });
    }
    const other = await makeTrack(db.em());
    expect(
      await rejection(callerFor(db.em(), admin).catalog.updateTrack({ id: other.id, slug })),
    ).toMatchObject({ appCode: 'TRACK.SLUG_TAKEN', field: 'slug' });
  });
});

describe('the response carries appCode and field (see ARCHITECTURE.md, "Errors")', () => {
  it('a duplicate email over HTTP', async () => {
    const org = await makeOrganization(db.em());
    const input = {
      email: `http-${org.id}@example.test`,
      name: 'Someone',
      password: 'a long enough password',
      role: 'EMPLOYEE',
      organizationId: org.id,
    };
    expect((await trpcHttp(server.url, 'users.create', input, { cookie })).status).toBe(200);
    const again = await trpcHttp(server.url, 'users.create', input, { cookie });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({
      code: -32009,
      message: 'That email is already used',
      data: {
        code: 'CONFLICT',
        httpStatus: 409,
        path: 'users.create',
        appCode: 'USER.EMAIL_TAKEN',
        field: 'email',
        reference: null,
        zodError: null,
      },
    });
  });

  it('invalid input: REQUEST.INVALID_INPUT with zod field messages', async () => {
    const res = await trpcHttp(
      server.url,
      'organizations.create',
      { name: '', industrySector: 'Retail', employeeCount: 0 },
      { cookie },
    );
    expect(res.status).toBe(400);
    expect(res.body.error?.data).toMatchObject({
      appCode: 'REQUEST.INVALID_INPUT',
      reference: null,
    });
    expect(Object.keys(res.body.error?.data.zodError?.fieldErrors ?? {}).toSorted()).toEqual([
      'employeeCount',
      'name',
    ]);
    expect(res.body.error?.data.field).toMatch(/^(name|employeeCount)$/);
  });

  it.each([
    [
      'a missing record',
      'catalog.getTrack',
      { id: '00000000-0000-4000-8000-000000000000' },
      'GET',
      true,
      404,
      'TRACK.NOT_FOUND',
      'No such track',
    ],
    [
      'no session',
      'users.list',
      undefined,
      'GET',
      false,
      401,
      'AUTH.SIGN_IN_REQUIRED',
      'Sign in first',
    ],
    [
      'an unknown procedure',
      'nope.nothing',
      undefined,
      'GET',
      true,
      404,
      'REQUEST.NOT_FOUND',
      'Not found',
    ],
    [
      'a query sent as a mutation',
      'auth.me',
      undefined,
      'POST',
      true,
      405,
      'REQUEST.METHOD_NOT_ALLOWED',
      'This address does not take that method',
    ],
  ] as const)('%s', async (_what, path, input, method, signedIn, status, appCode, message) => {
    const res = await trpcHttp(server.url, path, input, {
      method,
      ...(signedIn ? { cookie } : {}),
    });
    expect(res.status).toBe(status);
    expect(res.body.error?.message).toBe(message);
    expect(res.body.error?.data).toMatchObject({ appCode, field: null, reference: null });
  });

  it('a forbidden call: AUTH.FORBIDDEN', async () => {
    const learner = await makeUser(db.em(), 'EMPLOYEE', await makeOrganization(db.em()));
    const learnerCookie = await signInCookie(server.url, learner.email, TEST_PASSWORD);
    const res = await trpcHttp(server.url, 'users.list', undefined, {
      method: 'GET',
      cookie: learnerCookie,
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      message: 'You are not allowed to do this',
      data: { appCode: 'AUTH.FORBIDDEN' },
    });
  });
});
