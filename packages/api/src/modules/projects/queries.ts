import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientRole, ProjectStatus } from '@credence/domain';
import { sql, type ExpressionBuilder } from 'kysely';
import { jsonBuildObject } from 'kysely/helpers/postgres';
import { db, jsonRecords, type Database } from '../../db/sql.ts';
import type { Scope } from '../../trpc.ts';

/**
 * The SQL of the projects area. Readiness reads in a fixed number of statements whatever the
 * number of assignments: `loadProjectStatus` (project, assignments, tracks and completion
 * counts) and, when something blocks, `loadPending` (who is missing, for all blocking
 * assignments at once).
 *
 * The people readiness is about are the active users of the project's organisation (joined as
 * `u` on the enrolment `e` and the project `p`); per assignment, those of its role in its track.
 * Enrolments are unique per (user, track) and assignments per (project, track, role), so each
 * person appears once per assignment.
 */

/** An enrolment (alias `e`) of a person, in a query about the project (alias `p`). */
type Counting = ExpressionBuilder<
  Database & { e: Database['enrollment']; p: Database['implementation_project'] },
  'e' | 'p'
>;

/**
 * THE rule for who counts toward an assignment, kept in this one place: a condition on one of
 * the enrolments above (with the project as `p`), plus the moment the person came to count.
 * Today: the enrolment is complete. The certificates issue switches both to the person's
 * ACTIVE certificate of the track still valid on `p.go_live_date` (e.g. `eb.exists(
 * eb.selectFrom('certificate as c').whereRef('c.user_id', '=', 'e.user_id')…)`, its issue date
 * as `countedAt`); the counts, the pace and the in-progress lists all follow. (Everyone who
 * counts has an enrolment: certificates are issued for completed enrolments.)
 */
export const COUNTED = {
  condition: (eb: Counting) => eb('e.completed_at', 'is not', null),
  countedAt: (eb: Counting) => eb.ref('e.completed_at'),
} as const;

/** Timestamps arrive as PostgreSQL's text. */
export const toDate = (value: string): Date => new Date(value);

/** Projects the scope may see, with their organisation's name and number of assignments. */
export async function findProjects(
  em: EntityManager,
  scope: Scope,
  filter: { projectId?: string; organizationId?: string; status?: ProjectStatus },
) {
  return db(em)
    .selectFrom('implementation_project as p')
    .innerJoin('organization as o', 'o.id', 'p.organization_id')
    .select((eb) => [
      'p.id',
      'p.organization_id as organizationId',
      'o.name as organizationName',
      'p.name',
      'p.go_live_date as goLiveDate',
      'p.status',
      'p.created_at as createdAt',
      eb
        .selectFrom('training_assignment as a')
        .select((sub) => sub.cast<number>(sub.fn.countAll(), 'integer').as('n'))
        .whereRef('a.project_id', '=', 'p.id')
        .$asScalar()
        .as('assignmentCount'),
    ])
    .where((eb) => {
      const conditions = [];
      if (filter.projectId !== undefined) conditions.push(eb('p.id', '=', filter.projectId));
      if (filter.organizationId !== undefined) {
        conditions.push(eb('p.organization_id', '=', filter.organizationId));
      }
      if (filter.status !== undefined) conditions.push(eb('p.status', '=', filter.status));
      if (scope.kind === 'organization') {
        conditions.push(eb('p.organization_id', '=', scope.organizationId));
      }
      return eb.and(conditions);
    })
    .orderBy('p.go_live_date')
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
}
export type ProjectRow = Awaited<ReturnType<typeof findProjects>>[number];

/** Assignments of a project, or one assignment, with their tracks, in the catalog's order. */
export async function findAssignments(
  em: EntityManager,
  where: { projectId: string } | { assignmentId: string },
) {
  return (
    db(em)
      .selectFrom('training_assignment as a')
      .innerJoin('track as t', 't.id', 'a.track_id')
      .select([
        'a.id',
        'a.project_id as projectId',
        'a.track_id as trackId',
        't.name as trackName',
        't.slug as trackSlug',
        't.type as trackType',
        't.is_active as trackIsActive',
        't.required_for_go_live as requiredForGoLive',
        'a.target_role as targetRole',
        'a.required_completions as requiredCompletions',
        'a.due_date as dueDate',
        'a.created_at as createdAt',
      ])
      .where((eb) =>
        'projectId' in where
          ? eb('a.project_id', '=', where.projectId)
          : eb('a.id', '=', where.assignmentId),
      )
      // Order of assignments everywhere: the catalog's track order, then role.
      .orderBy('t.sort_order')
      .orderBy('t.name')
      .orderBy('a.target_role')
      .orderBy('a.id')
      .execute()
  );
}
export type AssignmentRow = Awaited<ReturnType<typeof findAssignments>>[number];

/**
 * Inserts the (project, track, role) assignment or, when it exists, replaces its count and due
 * date: one statement, safe under concurrent calls. Also returns the values it replaced.
 */
export async function upsertAssignment(
  em: EntityManager,
  values: {
    id: string;
    projectId: string;
    trackId: string;
    targetRole: ClientRole;
    requiredCompletions: number;
    dueDate: string | null;
    now: Date;
  },
) {
  const row = await db(em)
    .with('previous', (q) =>
      q
        .selectFrom('training_assignment')
        .select(['required_completions', 'due_date'])
        .where('project_id', '=', values.projectId)
        .where('track_id', '=', values.trackId)
        .where('target_role', '=', values.targetRole),
    )
    .with('upserted', (q) =>
      q
        .insertInto('training_assignment')
        .values({
          id: values.id,
          project_id: values.projectId,
          track_id: values.trackId,
          target_role: values.targetRole,
          required_completions: values.requiredCompletions,
          due_date: values.dueDate,
          created_at: values.now,
        })
        .onConflict((oc) =>
          oc.columns(['project_id', 'track_id', 'target_role']).doUpdateSet((eb) => ({
            required_completions: eb.ref('excluded.required_completions'),
            due_date: eb.ref('excluded.due_date'),
          })),
        )
        .returning(['id', 'created_at', sql<boolean>`(xmax = 0)`.as('created')]),
    )
    .selectFrom('upserted as u')
    .leftJoin('previous as pr', (join) => join.on(sql<boolean>`not u.created`))
    .select([
      'u.id',
      'u.created',
      'u.created_at as createdAt',
      'pr.required_completions as previousRequired',
      'pr.due_date as previousDueDate',
    ])
    .executeTakeFirst();
  if (!row) throw new Error('upsert returned no row');
  return row;
}

export interface StatusAssignment {
  assignmentId: string;
  trackId: string;
  trackName: string;
  requiredForGoLive: boolean;
  targetRole: ClientRole;
  requiredCompletions: number;
  dueDate: string | null;
  /** People who count now (see `COUNTED`). */
  completions: number;
  /** Of those, the ones who came to count since the project was created (the pace). */
  completionsSinceStart: number;
}

export interface ProjectStatusSnapshot {
  projectId: string;
  organizationId: string;
  goLiveDate: string;
  createdAt: Date;
  assignments: StatusAssignment[];
}

/**
 * Statement 1 of readiness: the project (if the scope may see it), every assignment with its
 * track, and each assignment's live completion count, in one round trip. `null` when the
 * project does not exist or belongs to another tenant. `onlyAssignmentId` narrows to one
 * assignment (used by the benchmark's one-query-per-assignment baseline).
 *
 * The counts are taken per (track, role) over the organisation's people and joined to the
 * assignments afterwards: an assignment is unique per (project, track, role), so its count is
 * its group's, and every counted enrolment goes through one aggregation instead of a second hash
 * join with the assignments first (about a sixth cheaper on the B4 data set; see
 * bench/RESULTS.md).
 */
export async function loadProjectStatus(
  em: EntityManager,
  scope: Scope,
  projectId: string,
  now: Date,
  onlyAssignmentId?: string,
): Promise<ProjectStatusSnapshot | null> {
  const rows = await db(em)
    .with(
      (cte) => cte('p').notMaterialized(),
      (q) =>
        q
          .selectFrom('implementation_project as p')
          .selectAll('p')
          .where((eb) =>
            scope.kind === 'organization'
              ? eb.and([
                  eb('p.id', '=', projectId),
                  eb('p.organization_id', '=', scope.organizationId),
                ])
              : eb('p.id', '=', projectId),
          ),
    )
    .with('counts', (q) =>
      q
        .selectFrom('p')
        .crossJoin('enrollment as e')
        .innerJoin('app_user as u', (join) =>
          join
            .onRef('u.id', '=', 'e.user_id')
            .onRef('u.organization_id', '=', 'p.organization_id')
            .on('u.is_active', '=', true),
        )
        .select((eb) => [
          'e.track_id',
          'u.role',
          eb.cast<number>(eb.fn.countAll(), 'integer').as('completions'),
          eb
            .cast<number>(
              eb.fn
                .countAll()
                .filterWhere((f) =>
                  f.and([
                    f(COUNTED.countedAt(f), '>=', f.ref('p.created_at')),
                    f(COUNTED.countedAt(f), '<=', now.toISOString()),
                  ]),
                ),
              'integer',
            )
            .as('completions_since_start'),
        ])
        .where((eb) => COUNTED.condition(eb))
        // One assignment's track, or any track of the organisation's enrolments, but none at
        // all when the project has no assignment (the planner then skips the scan).
        .where((eb) =>
          onlyAssignmentId === undefined
            ? eb.exists(
                eb
                  .selectFrom('training_assignment as x')
                  .select('x.id')
                  .whereRef('x.project_id', '=', 'p.id'),
              )
            : eb(
                'e.track_id',
                'in',
                eb
                  .selectFrom('training_assignment')
                  .select('track_id')
                  .where('id', '=', onlyAssignmentId),
              ),
        )
        .groupBy(['e.track_id', 'u.role']),
    )
    .selectFrom('p')
    .leftJoin('training_assignment as a', (join) =>
      join
        .onRef('a.project_id', '=', 'p.id')
        .$call((on) =>
          onlyAssignmentId === undefined ? on : on.on('a.id', '=', onlyAssignmentId),
        ),
    )
    .leftJoin('track as t', 't.id', 'a.track_id')
    .leftJoin('counts as k', (join) =>
      join.onRef('k.track_id', '=', 'a.track_id').onRef('k.role', '=', 'a.target_role'),
    )
    .select((eb) => [
      'p.id as projectId',
      'p.organization_id as organizationId',
      'p.go_live_date as goLiveDate',
      'p.created_at as projectCreatedAt',
      'a.id as assignmentId',
      'a.track_id as trackId',
      't.name as trackName',
      't.required_for_go_live as requiredForGoLive',
      'a.target_role as targetRole',
      'a.required_completions as requiredCompletions',
      'a.due_date as dueDate',
      eb.fn.coalesce('k.completions', sql.lit(0)).as('completions'),
      eb.fn.coalesce('k.completions_since_start', sql.lit(0)).as('completionsSinceStart'),
    ])
    .orderBy('t.sort_order')
    .orderBy('t.name')
    .orderBy('a.target_role')
    .orderBy('a.id')
    .execute();
  const first = rows[0];
  if (!first) return null;
  const assignments: StatusAssignment[] = [];
  for (const r of rows) {
    if (r.assignmentId === null || r.trackId === null || r.targetRole === null) continue;
    assignments.push({
      assignmentId: r.assignmentId,
      trackId: r.trackId,
      trackName: r.trackName ?? '',
      requiredForGoLive: r.requiredForGoLive === true,
      targetRole: r.targetRole,
      requiredCompletions: r.requiredCompletions ?? 0,
      dueDate: r.dueDate,
      completions: r.completions,
      completionsSinceStart: r.completionsSinceStart,
    });
  }
  return {
    projectId: first.projectId,
    organizationId: first.organizationId,
    goLiveDate: first.goLiveDate,
    createdAt: toDate(first.projectCreatedAt),
    assignments,
  };
}

export interface PendingPersonRow {
  userId: string;
  name: string;
  email: string;
  requiredCompleted: number;
  requiredTotal: number;
}

export interface PendingSummary {
  /** Enrolled people of the role who do not count yet. */
  inProgress: number;
  /** Active people of the role in the organisation (counted, in progress or not enrolled). */
  members: number;
  /** The first `limit` of the in-progress people, furthest first. */
  people: PendingPersonRow[];
}

/**
 * Statement 2 of readiness, for all blocking assignments at once: per assignment the people of
 * its role in the project's organisation who are enrolled in its track but do not count yet
 * (with their required-course counts, furthest first, at most `limit`, plus the total), and
 * how many active people the role has (so the caller knows who is not enrolled at all).
 * The counts are the enrolment's progress snapshot (`required_total`, `required_completed`),
 * which `recomputeCompletion` keeps equal to the domain's trackProgress of the source rows, so
 * no progress row is read here; the partial index `enrollment_pending_index` serves the scan.
 * The percent itself is applied by the caller; the SQL orders by the same
 * floor(100 × done ÷ total).
 */
export async function loadPending(
  em: EntityManager,
  projectId: string,
  assignments: readonly { assignmentId: string; trackId: string; targetRole: ClientRole }[],
  limit: number,
): Promise<Map<string, PendingSummary>> {
  const result = new Map<string, PendingSummary>();
  if (assignments.length === 0) return result;
  const rows = await db(em)
    .with('b', () =>
      jsonRecords(
        assignments.map((a) => ({ ...a })),
        { assignmentId: 'uuid', trackId: 'uuid', targetRole: 'text' },
      ),
    )
    .with(
      (cte) => cte('p').notMaterialized(),
      (q) => q.selectFrom('implementation_project').selectAll().where('id', '=', projectId),
    )
    .with('ranked', (q) =>
      q
        .selectFrom('b')
        .crossJoin('p')
        .innerJoin('enrollment as e', 'e.track_id', 'b.trackId')
        .innerJoin('app_user as u', (join) =>
          join
            .onRef('u.id', '=', 'e.user_id')
            .onRef('u.organization_id', '=', 'p.organization_id')
            .on('u.is_active', '=', true)
            .onRef('u.role', '=', 'b.targetRole'),
        )
        .select((eb) => [
          'b.assignmentId',
          'u.id as userId',
          'u.name',
          'u.email',
          'e.required_total',
          'e.required_completed',
          eb.fn
            .agg<number>('row_number')
            .over((ob) =>
              ob
                .partitionBy('b.assignmentId')
                .orderBy(
                  eb
                    .case()
                    .when('e.required_total', '=', 0)
                    .then(sql.lit(0))
                    .else(
                      sql<number>`100 * ${eb.ref('e.required_completed')} / ${eb.ref('e.required_total')}`,
                    )
                    .end(),
                  'desc',
                )
                .orderBy('e.required_completed', 'desc')
                // Byte order for the name tie-break: locale collation costs more.
                .orderBy('u.name', (item) => item.collate('C'))
                .orderBy('u.id'),
            )
            .as('rank'),
          eb.fn
            .countAll<number>()
            .over((ob) => ob.partitionBy('b.assignmentId'))
            .as('total'),
        ])
        .where((eb) => eb.not(COUNTED.condition(eb))),
    )
    // json, not jsonb: built once to be sent as text, so there is no binary form to build.
    .with('listed', (q) =>
      q
        .selectFrom('ranked')
        .select((eb) => [
          'assignmentId',
          eb.cast<number>(eb.fn.max('total'), 'integer').as('total'),
          eb.fn
            .agg<PendingPersonRow[]>('json_agg', [
              jsonBuildObject({
                userId: eb.ref('userId'),
                name: eb.ref('name'),
                email: eb.ref('email'),
                requiredCompleted: eb.ref('required_completed'),
                requiredTotal: eb.ref('required_total'),
              }),
            ])
            .orderBy('rank')
            .as('people'),
        ])
        .where('rank', '<=', limit)
        .groupBy('assignmentId'),
    )
    .with('members', (q) =>
      q
        .selectFrom('app_user as u')
        .innerJoin('p', 'p.organization_id', 'u.organization_id')
        .select((eb) => ['u.role', eb.cast<number>(eb.fn.countAll(), 'integer').as('n')])
        .where('u.is_active', '=', true)
        .where('u.role', 'in', (eb) => eb.selectFrom('b').select('targetRole'))
        .groupBy('u.role'),
    )
    .selectFrom('b')
    .leftJoin('listed as l', 'l.assignmentId', 'b.assignmentId')
    .leftJoin('members as m', 'm.role', 'b.targetRole')
    .select((eb) => [
      'b.assignmentId',
      eb.fn.coalesce('l.total', sql.lit(0)).as('inProgress'),
      eb.fn.coalesce('m.n', sql.lit(0)).as('members'),
      eb.fn.coalesce('l.people', sql<PendingPersonRow[]>`'[]'::json`).as('people'),
    ])
    .execute();
  for (const row of rows) {
    result.set(row.assignmentId, {
      inProgress: row.inProgress,
      members: row.members,
      people: row.people,
    });
  }
  return result;
}
