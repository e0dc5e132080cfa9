import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClientRole, ProjectStatus, TrackType } from '@credence/domain';
import type { Scope } from '../../trpc.ts';

/**
 * The SQL of the projects area. Readiness reads in a fixed number of statements whatever the
 * number of assignments: `loadProjectStatus` (project, assignments, tracks and completion
 * counts) and, when something blocks, `loadPending` (who is missing, for all blocking
 * assignments at once).
 */

/**
 * The people (alias `u`) of enrolments (alias `e`) readiness is about: active users of the
 * project's (alias `p`) organisation.
 */
const ORGANIZATION_PEOPLE = `join app_user u on u.id = e.user_id
                         and u.organization_id = p.organization_id
                         and u.is_active`;

/**
 * The enrolments (alias `e`) of the people (alias `u`) an assignment (alias `${a}`, with
 * `track_id` and `target_role`) is about: in its track, of the project's (alias `p`)
 * organisation, with its role, active. Enrolments are unique per (user, track) and
 * assignments per (project, track, role), so each person appears once per assignment.
 */
function assignmentEnrolments(a: string): string {
  return `join enrollment e on e.track_id = ${a}.track_id
          ${ORGANIZATION_PEOPLE}
                         and u.role = ${a}.target_role`;
}

/**
 * THE rule for who counts toward an assignment, kept in this one place: a condition on one of
 * the enrolments above (with the project as `p`), plus the moment the person came to count.
 * Today: the enrolment is complete. The certificates issue switches both to the person's
 * ACTIVE certificate of the track still valid on `p.go_live_date` (e.g. `exists (select 1
 * from certificate c where c.user_id = e.user_id and c.track_id = e.track_id and …)`, its
 * issue date as `countedAt`); the counts, the pace and the in-progress lists all follow.
 * (Everyone who counts has an enrolment: certificates are issued for completed enrolments.)
 */
export const COUNTED = {
  condition: 'e.completed_at is not null',
  countedAt: 'e.completed_at',
} as const;

/** Raw timestamps may come back as strings or Dates depending on the driver's parsers. */
export const toDate = (value: Date | string): Date =>
  value instanceof Date ? value : new Date(value);

const scopeFilter = (scope: Scope, params: unknown[]): string => {
  if (scope.kind === 'all') return '';
  params.push(scope.organizationId);
  return 'and p.organization_id = ?';
};

export interface ProjectRow {
  id: string;
  organization_id: string;
  organization_name: string;
  name: string;
  go_live_date: string;
  status: ProjectStatus;
  created_at: Date | string;
  assignment_count: number;
}

/** Projects the scope may see, with their organisation's name and number of assignments. */
export async function findProjects(
  em: EntityManager,
  scope: Scope,
  filter: { projectId?: string; organizationId?: string; status?: ProjectStatus },
): Promise<ProjectRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (filter.projectId) {
    where.push('and p.id = ?');
    params.push(filter.projectId);
  }
  if (filter.organizationId) {
    where.push('and p.organization_id = ?');
    params.push(filter.organizationId);
  }
  if (filter.status) {
    where.push('and p.status = ?');
    params.push(filter.status);
  }
  where.push(scopeFilter(scope, params));
  return em.execute<ProjectRow[]>(
    `select p.id, p.organization_id, o.name as organization_name, p.name,
            p.go_live_date::text as go_live_date, p.status, p.created_at,
            (select count(*) from training_assignment a where a.project_id = p.id)::int
              as assignment_count
       from implementation_project p
       join organization o on o.id = p.organization_id
      where true ${where.join(' ')}
      order by p.go_live_date, p.name, p.id`,
    params,
  );
}

export interface AssignmentRow {
  id: string;
  project_id: string;
  track_id: string;
  track_name: string;
  track_slug: string;
  track_type: TrackType;
  track_is_active: boolean;
  required_for_go_live: boolean;
  target_role: ClientRole;
  required_completions: number;
  due_date: string | null;
  created_at: Date | string;
}

const ASSIGNMENT_COLUMNS = `a.id, a.project_id, a.track_id, t.name as track_name,
  t.slug as track_slug, t.type as track_type, t.is_active as track_is_active,
  t.required_for_go_live, a.target_role, a.required_completions,
  a.due_date::text as due_date, a.created_at`;

/** Order of assignments everywhere: the catalog's track order, then role. */
const ASSIGNMENT_ORDER = 't.sort_order, t.name, a.target_role, a.id';

export async function findAssignments(
  em: EntityManager,
  where: { projectId: string } | { assignmentId: string },
): Promise<AssignmentRow[]> {
  const byProject = 'projectId' in where;
  return em.execute<AssignmentRow[]>(
    `select ${ASSIGNMENT_COLUMNS}
       from training_assignment a
       join track t on t.id = a.track_id
      where ${byProject ? 'a.project_id = ?' : 'a.id = ?'}
      order by ${ASSIGNMENT_ORDER}`,
    [byProject ? where.projectId : where.assignmentId],
  );
}

export interface UpsertedAssignment {
  id: string;
  created: boolean;
  created_at: Date | string;
  previous_required: number | null;
  previous_due_date: string | null;
}

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
): Promise<UpsertedAssignment> {
  const [row] = await em.execute<UpsertedAssignment[]>(
    `with previous as (
       select required_completions, due_date::text as due_date
         from training_assignment
        where project_id = ? and track_id = ? and target_role = ?
     ), upserted as (
       insert into training_assignment
              (id, project_id, track_id, target_role, required_completions, due_date, created_at)
       values (?, ?, ?, ?, ?, ?::date, ?)
       on conflict (project_id, track_id, target_role) do update
          set required_completions = excluded.required_completions,
              due_date = excluded.due_date
       returning id, created_at, (xmax = 0) as created
     )
     select u.id, u.created, u.created_at,
            pr.required_completions as previous_required, pr.due_date as previous_due_date
       from upserted u
       left join previous pr on not u.created`,
    [
      values.projectId,
      values.trackId,
      values.targetRole,
      values.id,
      values.projectId,
      values.trackId,
      values.targetRole,
      values.requiredCompletions,
      values.dueDate,
      values.now,
    ],
  );
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

interface StatusRow {
  project_id: string;
  organization_id: string;
  go_live_date: string;
  project_created_at: Date | string;
  assignment_id: string | null;
  track_id: string | null;
  track_name: string | null;
  required_for_go_live: boolean | null;
  target_role: ClientRole | null;
  required_completions: number | null;
  due_date: string | null;
  completions: number;
  completions_since_start: number;
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
  // Placeholders in text order: project (and scope), `now`, assignment filter twice.
  const params: unknown[] = [projectId];
  const scoped = scopeFilter(scope, params);
  params.push(now);
  // One assignment's track, or any track of the organisation's enrolments, but none at all
  // when the project has no assignment (the planner then skips the scan).
  const tracks = onlyAssignmentId
    ? 'e.track_id in (select track_id from training_assignment where id = ?)'
    : 'exists (select 1 from training_assignment x where x.project_id = p.id)';
  const only = onlyAssignmentId ? 'and a.id = ?' : '';
  if (onlyAssignmentId) params.push(onlyAssignmentId, onlyAssignmentId);
  const rows = await em.execute<StatusRow[]>(
    `with p as not materialized (
       select p.* from implementation_project p where p.id = ? ${scoped}
     ),
     counts as (
       select e.track_id, u.role,
              count(*)::int as completions,
              (count(*) filter (
                 where ${COUNTED.countedAt} >= p.created_at and ${COUNTED.countedAt} <= ?::timestamptz
              ))::int as completions_since_start
         from p
        cross join enrollment e
        ${ORGANIZATION_PEOPLE}
        where ${COUNTED.condition} and ${tracks}
        group by e.track_id, u.role
     )
     select p.id as project_id, p.organization_id, p.go_live_date::text as go_live_date,
            p.created_at as project_created_at,
            a.id as assignment_id, a.track_id, t.name as track_name, t.required_for_go_live,
            a.target_role, a.required_completions, a.due_date::text as due_date,
            coalesce(k.completions, 0) as completions,
            coalesce(k.completions_since_start, 0) as completions_since_start
       from p
       left join training_assignment a on a.project_id = p.id ${only}
       left join track t on t.id = a.track_id
       left join counts k on k.track_id = a.track_id and k.role = a.target_role
      order by ${ASSIGNMENT_ORDER}`,
    params,
  );
  const first = rows[0];
  if (!first) return null;
  const assignments: StatusAssignment[] = [];
  for (const r of rows) {
    if (r.assignment_id === null || r.track_id === null || r.target_role === null) continue;
    assignments.push({
      assignmentId: r.assignment_id,
      trackId: r.track_id,
      trackName: r.track_name ?? '',
      requiredForGoLive: r.required_for_go_live === true,
      targetRole: r.target_role,
      requiredCompletions: r.required_completions ?? 0,
      dueDate: r.due_date,
      completions: r.completions,
      completionsSinceStart: r.completions_since_start,
    });
  }
  return {
    projectId: first.project_id,
    organizationId: first.organization_id,
    goLiveDate: first.go_live_date,
    createdAt: toDate(first.project_created_at),
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

interface PendingRow {
  assignment_id: string;
  in_progress: number;
  members: number;
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
  const rows = await em.execute<PendingRow[]>(
    `with b as (
       select * from jsonb_to_recordset(?::jsonb)
         as b(assignment_id uuid, track_id uuid, target_role text)
     ),
     p as not materialized (select * from implementation_project where id = ?),
     ranked as (
       select b.assignment_id, u.id as user_id, u.name, u.email,
              e.required_total, e.required_completed,
              row_number() over (
                partition by b.assignment_id
                order by case when e.required_total = 0 then 0
                              else 100 * e.required_completed / e.required_total end desc,
                         -- Byte order for the name tie-break: locale collation costs more.
                         e.required_completed desc, u.name collate "C", u.id
              ) as rank,
              count(*) over (partition by b.assignment_id) as total
         from b
        cross join p
        ${assignmentEnrolments('b')}
        where not (${COUNTED.condition})
     ),
     -- json, not jsonb: built once to be sent as text, so there is no binary form to build.
     listed as (
       select assignment_id, max(total)::int as total,
              json_agg(json_build_object(
                'userId', user_id, 'name', name, 'email', email,
                'requiredCompleted', required_completed, 'requiredTotal', required_total
              ) order by rank) as people
         from ranked
        where rank <= ?
        group by assignment_id
     ),
     members as (
       select u.role, count(*)::int as n
         from app_user u
         join p on u.organization_id = p.organization_id
        where u.is_active and u.role in (select target_role from b)
        group by u.role
     )
     select b.assignment_id,
            coalesce(l.total, 0) as in_progress,
            coalesce(m.n, 0) as members,
            coalesce(l.people, '[]'::json) as people
       from b
       left join listed l on l.assignment_id = b.assignment_id
       left join members m on m.role = b.target_role`,
    [
      JSON.stringify(
        assignments.map((a) => ({
          assignment_id: a.assignmentId,
          track_id: a.trackId,
          target_role: a.targetRole,
        })),
      ),
      projectId,
      limit,
    ],
  );
  for (const row of rows) {
    result.set(row.assignment_id, {
      inProgress: row.in_progress,
      members: row.members,
      people: row.people,
    });
  }
  return result;
}
