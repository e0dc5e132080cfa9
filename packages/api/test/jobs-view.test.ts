/**
 * The jobs view (Agendash on the PostgreSQL queue) behind the platform-admin session: who may
 * open it, and that it lists a failed job with its reason and requeues it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const cookies: Record<string, string> = {};

async function signIn(email: string): Promise<string> {
  const login = await trpcHttp(server.url, 'auth.login', { email, password: TEST_PASSWORD });
  return login.setCookie.map((c) => c.split(';')[0]).join('; ');
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.orm);
  const org = await makeOrganization(db.em());
  cookies.admin = await signIn((await makeUser(db.em(), 'PLATFORM_ADMIN')).email);
  cookies.success = await signIn((await makeUser(db.em(), 'CUSTOMER_SUCCESS')).email);
  cookies.client = await signIn((await makeUser(db.em(), 'ADMIN', org)).email);
});
afterAll(async () => {
  await server.close();
  await db.close();
});

const get = (path: string, cookie?: string) =>
  fetch(`${server.url}/admin/jobs${path}`, { headers: cookie ? { cookie } : {} });
const post = (path: string, body: unknown, cookie: string) =>
  fetch(`${server.url}/admin/jobs${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

interface JobsAnswer {
  jobs: {
    job: { _id: string; name: string; failReason?: string };
    failed: boolean;
    queued: boolean;
  }[];
}

describe('jobs view', () => {
  it('is for platform admins only', async () => {
    expect((await get('/api')).status).toBe(401);
    expect((await get('/api', cookies.client)).status).toBe(403);
    expect((await get('/api', cookies.success)).status).toBe(403);
    const page = await get('/', cookies.admin);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
  });

  it('lists a failed job with its reason and requeues it', async () => {
    const created = await post(
      '/api/jobs/create',
      { jobName: 'benchmarks.nightly', jobSchedule: 'now', jobData: {} },
      cookies.admin ?? '',
    );
    expect(created.status).toBe(200);
    await db.em().execute(
      `update agenda_jobs set failed_at = now(), last_run_at = now(), last_finished_at = now(),
                fail_count = 1, fail_reason = 'database went away'
          where name = 'benchmarks.nightly'`,
    );
    const failed = (await (await get('/api?state=failed', cookies.admin)).json()) as JobsAnswer;
    expect(failed.jobs).toHaveLength(1);
    expect(failed.jobs[0]).toMatchObject({
      failed: true,
      job: { name: 'benchmarks.nightly', failReason: 'database went away' },
    });
    const id = String(failed.jobs[0]?.job['_id']);
    const requeued = await post('/api/jobs/requeue', { jobIds: [id] }, cookies.admin ?? '');
    expect(requeued.status).toBe(200);
    const all = (await (
      await get('/api?job=benchmarks.nightly', cookies.admin)
    ).json()) as JobsAnswer;
    expect(all.jobs.filter((j) => j.queued)).toHaveLength(1);
  });
});
