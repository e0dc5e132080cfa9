/**
 * B2 (quiz submit over HTTP): `POST /trpc/quizzes.submit` against the real API process (tRPC,
 * session cookies, real PostgreSQL), each request submitting a distinct open attempt of a
 * distinct learner — every one graded, recorded and completing its course (the heaviest path)
 * — with 32 connections (autocannon). Baseline in the same run: a bare Express + `pg` endpoint
 * doing one `UPDATE … RETURNING` on a distinct row per request, started the same way and with
 * the same pool size. The two run interleaved, twice each. Targets: p99 ≤ 50 ms and a
 * throughput ≥ 0.3 × the baseline's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import autocannon, { type Result } from 'autocannon';
import { Client } from 'pg';
import type { SaveQuizInput } from '@credence/domain';
import { createSession, SESSION_COOKIE } from '../src/modules/auth/sessions.ts';
import {
  callerFor,
  makeCourse,
  makeOrganization,
  makeStaff,
  makeTrack,
} from '../src/testing/factories.ts';
import { machine, table } from './lib.ts';

const CONNECTIONS = 32;
const QUESTIONS = 10;
const WARMUP = 1_000;
const PER_ROUND = 5_000;
const ROUNDS = 2;
const POOL_SIZE = 10;

interface Target {
  attemptId: string;
  cookie: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Forks a server and waits for its 'ready' message. */
async function startChild(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port?: number }> {
  const child = fork(script, [], {
    env: { ...process.env, ...env },
    execArgv: ['--conditions=@credence/source', '--disable-warning=ExperimentalWarning'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number | undefined>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${String(code)}`)));
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type === 'ready') resolve(message.port);
    });
  });
  child.removeAllListeners('exit');
  return { child, port };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * One organisation of `learners` employees enrolled in a track whose one course has a quiz of
 * 10 questions; each learner has a session and an open attempt (drawn like `quizzes.start` does:
 * every question, with its copy of the key). Returns the attempts and the answers that pass.
 */
async function generate(
  em: EntityManager,
  url: string,
  learners: number,
): Promise<{ targets: Target[]; answers: { questionId: string; selectedOptionIds: string[] }[] }> {
  const staff = await makeStaff(em, 'PLATFORM_ADMIN');
  const org = await makeOrganization(em, { name: 'Bench Quizzes', employeeCount: learners });
  const track = await makeTrack(em, { type: 'CLIENT_EMPLOYEE' });
  const course = await makeCourse(em, track);
  const questions: SaveQuizInput['questions'] = Array.from({ length: QUESTIONS }, (_, i) => ({
    type: 'SINGLE_CHOICE',
    prompt: `Bench question ${String(i + 1)}?`,
    options: [
      { id: 'a', text: 'Right' },
      { id: 'b', text: 'Wrong' },
      { id: 'c', text: 'Also wrong' },
    ],
    correctOptionIds: ['a'],
  }));
  await callerFor(em, staff).catalog.saveQuiz({ courseId: course.id, questions });

  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: users } = await client.query<{ id: string; email: string }>(
      `insert into app_user (id, email, name, password_hash, role, organization_id, is_active, created_at, updated_at)
       select gen_random_uuid(), 'bench-' || i || '@example.test', 'Bench Learner ' || i, 'not-a-hash',
              'EMPLOYEE', $1, true, now(), now()
         from generate_series(1, $2) as i
       returning id, email`,
      [org.id, learners],
    );
    // Enrolled through the product's own bulk enrolment (5,000 rows per call).
    for (let i = 0; i < users.length; i += 5_000) {
      await callerFor(em, staff).learning.bulkEnroll({
        trackId: track.id,
        emails: users.slice(i, i + 5_000).map((u) => u.email),
      });
    }
    const cookies = new Map<string, string>();
    for (let i = 0; i < users.length; i += 16) {
      await Promise.all(
        users.slice(i, i + 16).map(async (u) => {
          const token = await createSession(em.fork(), u.id, {
            idleMinutes: 24 * 60,
            maxHours: 24,
          });
          cookies.set(u.id, `${SESSION_COOKIE}=${token}`);
        }),
      );
    }
    const { rows: attempts } = await client.query<{ id: string; user_id: string }>(
      `insert into quiz_attempt (id, user_id, quiz_id, enrollment_id, attempt_number, started_at,
                                 passing_score, total_questions, answers)
       select gen_random_uuid(), e.user_id, q.id, e.id, 1, now(), q.passing_score, $2, '[]'
         from enrollment e join quiz q on q.course_id = $1
        where e.track_id = $3
       returning id, user_id`,
      [course.id, QUESTIONS, track.id],
    );
    await client.query(
      `insert into quiz_attempt_question (attempt_id, question_id, position, type, prompt, options)
       select a.id, qq.id, qq.position, qq.type, qq.prompt, qq.options
         from quiz_attempt a join quiz_question qq on qq.quiz_id = a.quiz_id
        where a.id = any($1::uuid[])`,
      [attempts.map((a) => a.id)],
    );
    await client.query(
      `insert into quiz_attempt_key (attempt_id, question_id, correct_option_ids)
       select a.id, k.question_id, k.correct_option_ids
         from quiz_attempt a join quiz_question qq on qq.quiz_id = a.quiz_id
         join quiz_answer_key k on k.question_id = qq.id
        where a.id = any($1::uuid[])`,
      [attempts.map((a) => a.id)],
    );
    const { rows: drawn } = await client.query<{ id: string }>(
      'select id from quiz_question where quiz_id = (select id from quiz where course_id = $1) order by position',
      [course.id],
    );
    await client.query(
      'create table bench_baseline (id int primary key, n int not null default 0)',
    );
    await client.query('insert into bench_baseline (id) select generate_series(1, $1)', [learners]);
    return {
      targets: attempts.map((a) => ({ attemptId: a.id, cookie: cookies.get(a.user_id) ?? '' })),
      answers: drawn.map((q) => ({ questionId: q.id, selectedOptionIds: ['a'] })),
    };
  } finally {
    await client.end();
  }
}

interface Run {
  name: string;
  result: Result;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1);
const throughput = (r: Result) => r.requests.total / Math.max(r.duration, 1e-9);

export async function benchSubmit(
  em: EntityManager,
  url: string,
  postgresVersion: string,
): Promise<{ markdown: string }> {
  const total = WARMUP + PER_ROUND * ROUNDS;
  const started = Date.now();
  const { targets, answers } = await generate(em, url, total);
  const generatedIn = (Date.now() - started) / 1000;

  const apiPort = await freePort();
  const api = await startChild(path.resolve(import.meta.dirname, '../src/server.ts'), {
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  });
  const baseline = await startChild(path.resolve(import.meta.dirname, 'baseline-server.ts'), {
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
  });
  let next = 0;
  let nextRow = 0;
  const submit = (amount: number) =>
    autocannon({
      url: `http://127.0.0.1:${String(apiPort)}/trpc/quizzes.submit`,
      connections: CONNECTIONS,
      amount,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const target = targets[next++];
            if (!target) throw new Error('out of attempts');
            return {
              ...request,
              headers: { ...request.headers, cookie: target.cookie },
              body: JSON.stringify({ attemptId: target.attemptId, answers }),
            };
          },
        },
      ],
    });
  const update = (amount: number) =>
    autocannon({
      url: `http://127.0.0.1:${String(baseline.port)}/update`,
      connections: CONNECTIONS,
      amount,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ id: (nextRow++ % total) + 1 }),
          }),
        },
      ],
    });

  const runs: Run[] = [];
  try {
    await update(WARMUP);
    await submit(WARMUP);
    for (let round = 1; round <= ROUNDS; round++) {
      runs.push({ name: `baseline, round ${String(round)}`, result: await update(PER_ROUND) });
      runs.push({
        name: `quizzes.submit, round ${String(round)}`,
        result: await submit(PER_ROUND),
      });
    }
  } finally {
    await stopChild(api.child);
    await stopChild(baseline.child);
  }

  // Every measured submit graded its own attempt and completed its learner's course.
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ graded: number; completed: number }>(
    `select (select count(*)::int from quiz_attempt where submitted_at is not null and passed) as graded,
            (select count(*)::int from course_progress where status = 'COMPLETED') as completed`,
  );
  await client.end();
  const check = rows[0] ?? { graded: 0, completed: 0 };

  const apiRuns = runs.filter((r) => r.name.startsWith('quizzes'));
  const baseRuns = runs.filter((r) => r.name.startsWith('baseline'));
  const apiThroughput = mean(apiRuns.map((r) => throughput(r.result)));
  const baseThroughput = mean(baseRuns.map((r) => throughput(r.result)));
  const ratio = apiThroughput / baseThroughput;
  const apiP99 = Math.max(...apiRuns.map((r) => r.result.latency.p99));
  const failures = runs.reduce(
    (s, r) => s + r.result.non2xx + r.result.errors + r.result.timeouts,
    0,
  );
  const met = apiP99 <= 50 && ratio >= 0.3 && failures === 0;

  const rowsOut = runs.map((r) => [
    r.name.startsWith('quizzes') ? `**${r.name}**` : r.name,
    String(r.result.requests.total),
    throughput(r.result).toFixed(0),
    r.result.latency.p50.toFixed(1),
    r.result.latency.p90.toFixed(1),
    r.result.latency.p99.toFixed(1),
    r.result.latency.max.toFixed(1),
    String(r.result.non2xx + r.result.errors + r.result.timeouts),
  ]);
  const markdown = [
    ...machine().lines,
    `- PostgreSQL: ${postgresVersion} (embedded, fsync off); API and baseline each a child process with a pool of ${String(POOL_SIZE)} connections, NODE_ENV=production, LOG_LEVEL=warn`,
    `- data set: ${String(total)} learners, each with a session and one open attempt of ${String(QUESTIONS)} questions (generated in ${generatedIn.toFixed(1)} s); every request submits a different attempt with passing answers, so each one grades, records the result and completes the learner's course in one transaction`,
    `- autocannon, ${String(CONNECTIONS)} connections, ${String(WARMUP)} warm-up requests on each server, then ${String(ROUNDS)} interleaved rounds of ${String(PER_ROUND)} requests; latency in ms, throughput in requests/s`,
    '',
    table(['run', 'requests', 'req/s', 'p50', 'p90', 'p99', 'max', 'failed'], rowsOut),
    '',
    `Throughput ratio (mean of the rounds): ${apiThroughput.toFixed(0)} ÷ ${baseThroughput.toFixed(0)} = **${ratio.toFixed(2)}** (target ≥ 0.3); quizzes.submit p99 (worst round) **${apiP99.toFixed(1)} ms** (target ≤ 50). Target ${met ? 'met' : '**NOT met**'}.`,
    `Checked after the run: ${String(check.graded)} attempts graded as passed and ${String(check.completed)} courses completed (one each for the ${String(WARMUP + PER_ROUND * ROUNDS)} submits).`,
  ].join('\n');
  return { markdown };
}
