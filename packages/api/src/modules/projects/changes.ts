import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { EnrollMissingInput, ProjectUpdateInput } from '@credence/domain';
import type { SessionUser } from '../../context.ts';
import { db } from '../../db/sql.ts';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';
import { audit, outsideScope } from '../audit/service.ts';
import type { EnrollMissingResultDto } from './dto.ts';

const notFound = (): never => fail('PROJECT.NOT_FOUND', 'No such project');

/**
 * Edits a project's name, go-live date or status (LIVE marks it live). The row is locked
 * while it is read and changed, so the audit record's "from" is what was really replaced.
 * A call that changes nothing writes nothing.
 */
export async function updateProject(
  em: EntityManager,
  actor: SessionUser,
  input: ProjectUpdateInput,
  now: Date = new Date(),
): Promise<void> {
  await em.transactional(async (tx) => {
    const q = db(tx);
    const before = await q
      .selectFrom('implementation_project')
      .select(['name', 'status', sql<string>`go_live_date::text`.as('go_live_date')])
      .where('id', '=', input.projectId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return notFound();
    const from: Record<string, string> = {};
    const to: Record<string, string> = {};
    if (input.name !== undefined && input.name !== before.name) {
      from.name = before.name;
      to.name = input.name;
    }
    if (input.goLiveDate !== undefined && input.goLiveDate !== before.go_live_date) {
      from.goLiveDate = before.go_live_date;
      to.goLiveDate = input.goLiveDate;
    }
    if (input.status !== undefined && input.status !== before.status) {
      from.status = before.status;
      to.status = input.status;
    }
    if (Object.keys(to).length === 0) return false;
    await q
      .updateTable('implementation_project')
      .set({
        ...(to.name !== undefined ? { name: to.name } : {}),
        ...(input.goLiveDate !== undefined && to.goLiveDate !== undefined
          ? { go_live_date: sql<string>`${input.goLiveDate}::date` }
          : {}),
        ...(input.status !== undefined && to.status !== undefined ? { status: input.status } : {}),
        updated_at: now,
      })
      .where('id', '=', input.projectId)
      .execute();
    await audit(tx, actor.id, to.status === 'LIVE' ? 'project.marked_live' : 'project.updated', {
      targetType: 'implementation_project',
      targetId: input.projectId,
      details: { from, to },
    });
    return true;
  });
}

/**
 * Enrols, in one statement, every active person of an assignment's role in the project's
 * organisation who is not enrolled in its track yet ("enrol the 3 not enrolled"). Catalog
 * staff for any project, a client ADMIN for their own organisation's (another one is
 * NOT_FOUND). The track must be active; a shared lock on it keeps an archive or a course change
 * out until the enrolments are in. Concurrent calls enrol each person once
 * (`on conflict do nothing`). Audited with the number enrolled.
 */
export async function enrollMissing(
  em: EntityManager,
  actor: SessionUser,
  scope: Scope,
  input: EnrollMissingInput,
  now: Date = new Date(),
): Promise<EnrollMissingResultDto> {
  const q = db(em);
  const assignment = await q
    .selectFrom('training_assignment as a')
    .innerJoin('implementation_project as p', 'p.id', 'a.project_id')
    .select(['a.track_id', 'a.target_role', 'p.organization_id'])
    .where('a.id', '=', input.assignmentId)
    .where('a.project_id', '=', input.projectId)
    .executeTakeFirst();
  if (!assignment) {
    return fail('ASSIGNMENT.NOT_FOUND', 'No such training assignment in this project');
  }
  if (scope.kind === 'organization' && assignment.organization_id !== scope.organizationId) {
    return outsideScope(em, scope, 'PROJECT.NOT_FOUND', 'No such project', {
      targetType: 'implementation_project',
      targetId: input.projectId,
    });
  }
  return em.transactional(async (tx) => {
    const t = db(tx);
    const track = await t
      .selectFrom('track')
      .select(['id', 'name', 'is_active'])
      .where('id', '=', assignment.track_id)
      .forShare()
      .executeTakeFirst();
    if (!track) return fail('TRACK.NOT_FOUND', 'No such track');
    if (!track.is_active) {
      return fail('TRACK.ARCHIVED', `Track "${track.name}" is archived and takes no enrolments`);
    }
    const inserted = await t
      .with('missing', (w) =>
        w
          .selectFrom('app_user as u')
          .select('u.id')
          .where('u.organization_id', '=', assignment.organization_id)
          .where('u.role', '=', assignment.target_role)
          .where('u.is_active', '=', true)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('enrollment as e')
                  .select(sql`1`.as('one'))
                  .whereRef('e.user_id', '=', 'u.id')
                  .where('e.track_id', '=', assignment.track_id),
              ),
            ),
          ),
      )
      .with('inserted', (w) =>
        w
          .insertInto('enrollment')
          .columns([
            'id',
            'user_id',
            'track_id',
            'enrolled_by_id',
            'created_at',
            'required_total',
            'required_completed',
          ])
          .expression((eb) =>
            eb.selectFrom('missing as m').select([
              sql<string>`gen_random_uuid()`.as('id'),
              'm.id as user_id',
              sql<string>`${assignment.track_id}::uuid`.as('track_id'),
              sql<string>`${actor.id}::uuid`.as('enrolled_by_id'),
              sql<Date>`${now}::timestamptz`.as('created_at'),
              eb
                .selectFrom('course as c')
                .select(sql<number>`count(*)::int`.as('n'))
                .where('c.track_id', '=', assignment.track_id)
                .where('c.is_active', '=', true)
                .where('c.is_required', '=', true)
                .as('required_total'),
              sql<number>`0`.as('required_completed'),
            ]),
          )
          .onConflict((oc) => oc.columns(['user_id', 'track_id']).doNothing())
          .returning(['id', 'user_id']),
      )
      .with('progress', (w) =>
        w
          .insertInto('course_progress')
          .columns(['id', 'enrollment_id', 'course_id', 'status', 'updated_at'])
          .expression((eb) =>
            eb
              .selectFrom('inserted as i')
              .innerJoin('course as c', (j) =>
                j.on('c.track_id', '=', assignment.track_id).on('c.is_active', '=', true),
              )
              .select([
                sql<string>`gen_random_uuid()`.as('id'),
                'i.id as enrollment_id',
                'c.id as course_id',
                sql<'NOT_STARTED'>`'NOT_STARTED'`.as('status'),
                sql<Date>`${now}::timestamptz`.as('updated_at'),
              ]),
          ),
      )
      .selectFrom('inserted')
      .select('user_id')
      .execute();
    const userIds = inserted.map((r) => r.user_id);
    await audit(tx, actor.id, 'project.missing_enrolled', {
      targetType: 'training_assignment',
      targetId: input.assignmentId,
      details: { projectId: input.projectId, trackId: track.id, enrolled: userIds.length },
    });
    return { assignmentId: input.assignmentId, trackId: track.id, enrolledUserIds: userIds };
  });
}

export interface Headcount {
  /** Active people of the assignment's role in the project's organisation. */
  headcount: number;
  /** Of those, the ones not enrolled in the assignment's track. */
  notEnrolled: number;
}

/**
 * For every assignment of a project, in one statement: how many active people of its role the
 * organisation has, and how many of them are not enrolled in its track. The UI warns when an
 * assignment asks for more people than exist and offers to enrol the missing ones.
 */
export async function loadHeadcounts(
  em: EntityManager,
  projectId: string,
): Promise<Map<string, Headcount>> {
  const rows = await db(em)
    .selectFrom('training_assignment as a')
    .innerJoin('implementation_project as p', 'p.id', 'a.project_id')
    .innerJoin('app_user as u', (j) =>
      j
        .onRef('u.organization_id', '=', 'p.organization_id')
        .onRef('u.role', '=', 'a.target_role')
        .on('u.is_active', '=', true),
    )
    .leftJoin('enrollment as e', (j) =>
      j.onRef('e.user_id', '=', 'u.id').onRef('e.track_id', '=', 'a.track_id'),
    )
    .select([
      'a.id',
      sql<number>`count(*)::int`.as('headcount'),
      sql<number>`(count(*) filter (where e.id is null))::int`.as('not_enrolled'),
    ])
    .where('a.project_id', '=', projectId)
    .groupBy('a.id')
    .execute();
  return new Map(rows.map((r) => [r.id, { headcount: r.headcount, notEnrolled: r.not_enrolled }]));
}
