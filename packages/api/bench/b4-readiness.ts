/**
 * B4 (quality.md): go-live readiness of a project with 20 assignments, for an organisation of
 * 10,000 users with 100,000 completed enrolments (the stand-in for certificates until they
 * exist). Target: p50 ≤ 15 ms and a fixed number of SQL statements (≤ 3).
 *
 * The data set is generated set-based (generate_series) in a fresh database. Every variant is
 * measured interleaved in the same run, so machine noise hits them alike:
 * - baseline: one trivial indexed `select` round trip through the same EntityManager;
 * - readiness through the service, and through the tRPC caller (input/output validation);
 * - the same readiness with one query per assignment (the shape this design avoids);
 * - training status (one statement) for orientation.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { goLiveReadiness } from '@credence/domain';
import type { SessionUser } from '../src/context.ts';
import { loadPending, loadProjectStatus } from '../src/modules/projects/queries.ts';
import {
  endOfDay,
  getGoLiveReadiness,
  getTrainingStatus,
  PEOPLE_PER_ASSIGNMENT,
} from '../src/modules/projects/service.ts';
import { callerFor } from '../src/testing/factories.ts';
import { machine, summarize, table, timed, type Timings } from './lib.ts';
import type { CountingOrm } from './statements.ts';

const USERS = 10_000;
const COMPLETED = 100_000;
const IN_PROGRESS = 10_000;
const NOISE_USERS = 2_000;
const TRACKS = 20;
const WARMUP = 20;
const ITERATIONS = 200;

interface DataSet {
  projectId: string;
  organizationId: string;
  counts: Record<string, number>;
}

export async function generate(em: EntityManager): Promise<DataSet> {
  const organizationId = randomUUID();
  const noiseId = randomUUID();
  const projectId = randomUUID();
  await em.execute(
    `insert into organization (id, name, industry_sector, employee_count, status, created_at, updated_at)
     values (?, 'Bench Health', 'Healthcare', ?, 'ACTIVE', now(), now()),
            (?, 'Bench Noise', 'Retail', ?, 'ACTIVE', now(), now())`,
    [organizationId, USERS, noiseId, NOISE_USERS],
  );
  // 20 tracks: 2 for client admins, 4 for investigators, 14 for employees; the last two are
  // not required for go-live. Six courses each: five required, one optional.
  await em.execute(
    `insert into track (id, slug, name, type, level, required_for_go_live, sort_order, created_at, updated_at)
     select gen_random_uuid(), 'bench-track-' || i, 'Bench track ' || lpad(i::text, 2, '0'),
            case when i <= 2 then 'CLIENT_ADMIN' when i <= 6 then 'CLIENT_INVESTIGATOR'
                 else 'CLIENT_EMPLOYEE' end,
            'FOUNDATION', i <= ? - 2, i, now(), now()
       from generate_series(1, ?) i`,
    [TRACKS, TRACKS],
  );
  await em.execute(
    `insert into course (id, track_id, name, content_url, estimated_minutes, sort_order, is_required, created_at, updated_at)
     select gen_random_uuid(), t.id, t.name || ' course ' || k, 'https://learn.bench.test/' || k,
            30, k, k <= 5, now(), now()
       from track t cross join generate_series(1, 6) k
      where t.slug like 'bench-track-%'`,
  );
  // 10,000 people: 100 client admins, 900 investigators, 9,000 employees; 2% deactivated.
  await em.execute(
    `insert into app_user (id, email, name, password_hash, role, organization_id, is_active, created_at, updated_at)
     select gen_random_uuid(), 'person-' || g || '@health.bench', 'Person ' || lpad(g::text, 5, '0'), 'x',
            case when g <= 100 then 'ADMIN' when g <= 1000 then 'INVESTIGATOR' else 'EMPLOYEE' end,
            ?, g % 50 <> 0, now(), now()
       from generate_series(1, ?) g`,
    [organizationId, USERS],
  );
  // Another tenant's employees with completions in the same tracks: never to be counted.
  await em.execute(
    `insert into app_user (id, email, name, password_hash, role, organization_id, created_at, updated_at)
     select gen_random_uuid(), 'person-' || g || '@noise.bench', 'Noise ' || g, 'x', 'EMPLOYEE', ?, now(), now()
       from generate_series(1, ?) g`,
    [noiseId, NOISE_USERS],
  );
  // Every eligible (person, track) pair in a pseudo-random order: the first 100,000 completed
  // (over the last 180 days), the next 10,000 in progress, the rest not enrolled.
  await em.execute(
    `insert into enrollment (id, user_id, track_id, created_at, completed_at)
     select gen_random_uuid(), user_id, track_id, completed_at - interval '20 days',
            case when rn <= ? then completed_at end
       from (
         select u.id as user_id, t.id as track_id,
                row_number() over (order by md5(u.email || t.slug)) as rn,
                now() - (abs(hashtext(u.email || t.slug)) % (180 * 24)) * interval '1 hour'
                  as completed_at
           from app_user u
           join track t on t.type = 'CLIENT_' || u.role and t.slug like 'bench-track-%'
          where u.organization_id = ?
       ) pairs
      where rn <= ?`,
    [COMPLETED, organizationId, COMPLETED + IN_PROGRESS],
  );
  await em.execute(
    `insert into enrollment (id, user_id, track_id, created_at, completed_at)
     select gen_random_uuid(), u.id, t.id, now() - interval '200 days',
            now() - (abs(hashtext(u.email || t.slug)) % (180 * 24)) * interval '1 hour'
       from app_user u
       join track t on t.type = 'CLIENT_EMPLOYEE' and t.slug like 'bench-track-%'
      where u.organization_id = ? and abs(hashtext(t.slug || u.email)) % 10 < 7`,
    [noiseId],
  );
  // Progress rows for every enrolment and course: all completed for completed enrolments;
  // in progress, 0–4 of the five required courses completed.
  await em.execute(
    `insert into course_progress (id, enrollment_id, course_id, status, started_at, completed_at, updated_at)
     select gen_random_uuid(), e.id, c.id,
            case when e.completed_at is not null
                   or (c.is_required and c.sort_order <= abs(hashtext(e.id::text)) % 5)
                 then 'COMPLETED' else 'NOT_STARTED' end,
            e.created_at,
            case when e.completed_at is not null
                   or (c.is_required and c.sort_order <= abs(hashtext(e.id::text)) % 5)
                 then coalesce(e.completed_at, now()) end,
            now()
       from enrollment e
       join course c on c.track_id = e.track_id`,
  );
  // The project started 90 days ago, goes live in six weeks; 20 assignments, one per track.
  await em.execute(
    `insert into implementation_project (id, organization_id, name, go_live_date, status, created_at, updated_at)
     values (?, ?, 'Bench go-live', current_date + 42, 'IN_PROGRESS', now() - interval '90 days', now())`,
    [projectId, organizationId],
  );
  await em.execute(
    `insert into training_assignment (id, project_id, track_id, target_role, required_completions, due_date, created_at)
     select gen_random_uuid(), ?, t.id, substr(t.type, 8),
            case t.type when 'CLIENT_ADMIN' then 60 when 'CLIENT_INVESTIGATOR' then 800 else 7500 end,
            current_date + 28, now() - interval '90 days'
       from track t where t.slug like 'bench-track-%'`,
    [projectId],
  );
  await em.execute('vacuum analyze');
  const [counts] = await em.execute<Record<string, number>[]>(
    `select (select count(*) from app_user where organization_id = ?)::int as users,
            (select count(*) from enrollment e join app_user u on u.id = e.user_id
              where u.organization_id = ? and e.completed_at is not null)::int as completed,
            (select count(*) from enrollment e join app_user u on u.id = e.user_id
              where u.organization_id = ? and e.completed_at is null)::int as in_progress,
            (select count(*) from enrollment)::int as all_enrolments,
            (select count(*) from course_progress)::int as progress_rows,
            (select count(*) from training_assignment where project_id = ?)::int as assignments`,
    [organizationId, organizationId, organizationId, projectId],
  );
  return { projectId, organizationId, counts: counts ?? {} };
}

/** The same readiness with one statement per assignment (and per blocking assignment). */
async function readinessPerAssignment(em: EntityManager, projectId: string, now: Date) {
  const ids = await em.execute<{ id: string }[]>(
    'select id from training_assignment where project_id = ?',
    [projectId],
  );
  const assignments = [];
  for (const { id } of ids) {
    const one = await loadProjectStatus(em, { kind: 'all' }, projectId, now, id);
    assignments.push(...(one?.assignments ?? []));
  }
  const verdict = goLiveReadiness({
    now,
    assignments: assignments.map((a) => ({
      ...a,
      dueDate: a.dueDate === null ? null : endOfDay(a.dueDate),
    })),
  });
  const pending = [];
  for (const b of verdict.blocking) {
    const a = assignments.find((x) => x.assignmentId === b.assignmentId);
    if (a) pending.push(await loadPending(em, projectId, [a], PEOPLE_PER_ASSIGNMENT));
  }
  return { verdict, pending };
}

const fmt = (x: number) => x.toFixed(2);

export interface B4Result {
  markdown: string;
  passed: boolean;
}

export async function benchReadiness(counting: CountingOrm, postgres: string): Promise<B4Result> {
  const fork = () => counting.orm.em.fork() as EntityManager;
  const started = Date.now();
  const data = await generate(fork());
  const generatedIn = (Date.now() - started) / 1000;
  const staff: SessionUser = {
    id: randomUUID(),
    email: 'bench@credence.test',
    name: 'Bench',
    role: 'IMPLEMENTATION_MANAGER',
    organizationId: null,
  };

  const variants: { name: string; run: () => Promise<unknown> }[] = [
    {
      name: 'baseline: one indexed `select` by primary key',
      run: () =>
        fork().execute('select id, name from implementation_project where id = ?', [
          data.projectId,
        ]),
    },
    {
      name: '**goLiveReadiness** (service)',
      run: () => getGoLiveReadiness(fork(), { kind: 'all' }, data.projectId),
    },
    {
      name: '**projects.goLiveReadiness** (tRPC caller)',
      run: () => callerFor(fork(), staff).projects.goLiveReadiness({ projectId: data.projectId }),
    },
    {
      name: 'same readiness, one query per assignment',
      run: () => readinessPerAssignment(fork(), data.projectId, new Date()),
    },
    {
      name: 'trainingStatus (service) = readiness statement 1 alone',
      run: () => getTrainingStatus(fork(), { kind: 'all' }, data.projectId),
    },
    {
      name: 'reference: bare `count(*)` of the completed enrolments in the 20 tracks (no people)',
      run: () =>
        fork().execute(
          `select count(*) from enrollment e
            where e.completed_at is not null
              and e.track_id in (select track_id from training_assignment where project_id = ?)`,
          [data.projectId],
        ),
    },
  ];

  const sample = await getGoLiveReadiness(fork(), { kind: 'all' }, data.projectId);
  const statements = new Map<string, Set<number>>();
  const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    for (const v of variants) {
      let ms = 0;
      const { statements: n } = await counting.count(async () => {
        ms = await timed(v.run);
      });
      const seen = statements.get(v.name) ?? new Set<number>();
      seen.add(n);
      statements.set(v.name, seen);
      if (i >= WARMUP) samples.get(v.name)?.push(ms);
    }
  }

  const results = new Map<string, Timings>(
    variants.map((v) => [v.name, summarize(samples.get(v.name) ?? [])]),
  );
  const baseline = results.get(variants[0]?.name ?? '')?.p50 ?? Number.NaN;
  const rows = variants.map((v) => {
    const t = results.get(v.name);
    const n = [...(statements.get(v.name) ?? [])].toSorted((a, b) => a - b).join('–');
    return [
      v.name,
      fmt(t?.p50 ?? Number.NaN),
      fmt(t?.p95 ?? Number.NaN),
      fmt(t?.p99 ?? Number.NaN),
      n,
      `${((t?.p50 ?? Number.NaN) / baseline).toFixed(1)}×`,
    ];
  });
  const service = results.get(variants[1]?.name ?? '');
  const serviceStatements = [...(statements.get(variants[1]?.name ?? '') ?? [])];
  const viaApi = results.get(variants[2]?.name ?? '');
  const perAssignment = results.get(variants[3]?.name ?? '');
  const status = results.get(variants[4]?.name ?? '');
  const bareCount = results.get(variants[5]?.name ?? '');
  const passed =
    (service?.p50 ?? Infinity) <= 15 &&
    serviceStatements.length === 1 &&
    (serviceStatements[0] ?? Infinity) <= 3;

  const blocking = sample.blocking.length;
  const markdown = [
    ...machine().lines,
    `- PostgreSQL: ${postgres} (embedded, fsync off), one connection at a time`,
    `- data set: ${data.counts.users} users in the organisation, ${data.counts.completed} completed and ${data.counts.in_progress} in-progress enrolments (plus another tenant's: ${data.counts.all_enrolments} enrolments and ${data.counts.progress_rows} progress rows in all); ${data.counts.assignments} assignments of which ${blocking} block (each lists ${PEOPLE_PER_ASSIGNMENT} of its in-progress people); generated in ${generatedIn.toFixed(1)} s`,
    `- ${ITERATIONS} calls per row after ${WARMUP} warm-up calls, the variants interleaved; times in ms; ratio = p50 ÷ the baseline's p50`,
    '',
    table(['variant', 'p50', 'p95', 'p99', 'SQL statements per call', 'ratio'], rows),
    '',
    `Target p50 ≤ 15 ms and ≤ 3 statements: **${passed ? 'met' : 'NOT met'}** (service p50 ${fmt(service?.p50 ?? Number.NaN)} ms, ${serviceStatements.join('/')} statements; through tRPC ${fmt(viaApi?.p50 ?? Number.NaN)} ms). One query per assignment is ${((perAssignment?.p50 ?? Number.NaN) / (service?.p50 ?? Number.NaN)).toFixed(1)}× slower at this size and grows with the number of assignments.`,
    '',
    `Where the time goes: statement 1 (project, assignments and the live completion counts: every completed enrolment of the 20 tracks joined to its person for organisation, role and active) is the trainingStatus row, ${fmt(status?.p50 ?? Number.NaN)} ms; merely counting those enrolments without the people filter already takes ${fmt(bareCount?.p50 ?? Number.NaN)} ms here. Statement 2 (the in-progress people of the ${blocking} blocking assignments, each person's required-course progress, ranked) is the rest, ${fmt((service?.p50 ?? Number.NaN) - (status?.p50 ?? Number.NaN))} ms. Live counting reads every credential row of the organisation's assigned tracks on each call, so on this machine 15 ms is below the cost of reading them at all; see the notes below for what would change that.`,
    '',
    'Notes (measured by hand on the same data set on 2026-11-22, not by this run):',
    '',
    "- With two partial indexes on the learning module's tables — `enrollment (track_id, user_id) where completed_at is null` and `course_progress (enrollment_id, course_id) where status = 'COMPLETED'` — statement 2 fell from about 105 to 80 ms. A covering `enrollment (track_id, user_id) include (completed_at) where completed_at is not null` left statement 1 unchanged: when most enrolments qualify, a sequential scan is what the planner picks anyway.",
    '- Before tuning, the same two statements took 984 ms (per-assignment lateral counts with `count(distinct)`, and a per-row `not exists` re-checking the counting rule for every enrolment).',
    '- 15 ms at this size on 2 cores needs fewer rows read per call: a maintained per (organisation, track, role) aggregate instead of live counting, or credential rows that carry what the filter needs. The certificates issue, which replaces the enrolment stand-in, is where to decide.',
  ].join('\n');
  return { markdown, passed };
}
