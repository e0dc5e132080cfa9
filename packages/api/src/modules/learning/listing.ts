import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Expression, type SqlBool } from 'kysely';
import {
  dayOf,
  OPEN_PROJECT_STATUSES,
  type CourseStatus,
  type EnrollmentListInput,
  type LearnerProgressExportInput,
} from '@credence/domain';
import { db } from '../../db/sql.ts';
import type { Scope } from '../../trpc.ts';
import { outsideScope } from '../audit/service.ts';
import { containing, ENROLLMENT_PERCENT } from '../users/people.ts';
import type { EnrollmentRowDto } from './dto.ts';

const SORT_COLUMNS = {
  learner: sql`r.user_name`,
  track: sql`r.track_name`,
  organization: sql`r.organization_name`,
  progress: sql`r.progress_percent`,
  enrolledAt: sql`r.enrolled_at`,
  completedAt: sql`r.completed_at`,
  dueDate: sql`r.due_date`,
} as const satisfies Record<EnrollmentListInput['sort'], unknown>;

type Filter = Partial<Omit<EnrollmentListInput, 'limit' | 'offset'>> &
  Pick<EnrollmentListInput, 'sort' | 'direction'>;

/** The organisation a scope may list: its own for a client admin (another one is audited). */
async function scopedOrganization(
  em: EntityManager,
  scope: Scope,
  organizationId: string | undefined,
): Promise<string | undefined> {
  if (scope.kind === 'all') return organizationId;
  if (organizationId !== undefined && organizationId !== scope.organizationId) {
    await outsideScope(em, scope, 'ORGANIZATION.NOT_FOUND', 'No such organisation', {
      targetType: 'organization',
      targetId: organizationId,
    });
  }
  return scope.organizationId;
}

/**
 * Enrolments, filtered, sorted and paged in one statement, each with:
 * - its status, as the domain's `trackProgress` decides it from the active courses: COMPLETED
 *   (the recomputed completion), else FAILED when a required course failed, else IN_PROGRESS
 *   when any course is started or completed, else NOT_STARTED;
 * - its progress percent, from the enrolment's progress snapshot;
 * - its due date: the earliest of the training assigned to the learner's role in their
 *   organisation's open projects for the track.
 * Without `page`, every row (the CSV export).
 */
async function queryEnrollments(
  em: EntityManager,
  organizationId: string | undefined,
  filter: Filter,
  today: string,
  page?: { limit: number; offset: number },
) {
  const direction = filter.direction === 'desc' ? sql`desc` : sql`asc`;
  let query = db(em)
    .with('en', (qc) =>
      qc
        .selectFrom('enrollment as e')
        .innerJoin('app_user as u', 'u.id', 'e.user_id')
        .leftJoin('organization as o', 'o.id', 'u.organization_id')
        .innerJoin('track as t', 't.id', 'e.track_id')
        .select([
          'e.id',
          'e.user_id',
          'u.name as user_name',
          'u.email',
          'u.role',
          'u.organization_id',
          'o.name as organization_name',
          'e.track_id',
          't.name as track_name',
          'e.created_at as enrolled_at',
          'e.completed_at',
          'e.required_total',
          'e.required_completed',
          ENROLLMENT_PERCENT.as('progress_percent'),
        ])
        .where((eb) => {
          const where: Expression<SqlBool>[] = [];
          if (organizationId !== undefined)
            where.push(eb('u.organization_id', '=', organizationId));
          if (filter.trackId !== undefined) where.push(eb('e.track_id', '=', filter.trackId));
          if (filter.search !== undefined && filter.search !== '') {
            const pattern = containing(filter.search);
            where.push(eb.or([eb('u.name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]));
          }
          return eb.and(where);
        }),
    )
    .with('st', (qc) =>
      qc
        .selectFrom('course_progress as cp')
        .innerJoin('en', 'en.id', 'cp.enrollment_id')
        .innerJoin('course as c', (j) =>
          j.onRef('c.id', '=', 'cp.course_id').on('c.is_active', '=', true),
        )
        .select([
          'cp.enrollment_id',
          sql<boolean>`bool_or(c.is_required and cp.status = 'FAILED')`.as('failed'),
          sql<boolean>`bool_or(cp.status in ('IN_PROGRESS', 'COMPLETED'))`.as('started'),
        ])
        .groupBy('cp.enrollment_id'),
    )
    .with('du', (qc) =>
      qc
        .selectFrom('training_assignment as a')
        .innerJoin('implementation_project as p', 'p.id', 'a.project_id')
        .select([
          'p.organization_id',
          'a.target_role',
          'a.track_id',
          sql<string>`min(a.due_date)::text`.as('due_date'),
        ])
        .where('p.status', 'in', OPEN_PROJECT_STATUSES)
        .where('a.due_date', 'is not', null)
        .$if(organizationId !== undefined, (q) =>
          q.where('p.organization_id', '=', organizationId ?? ''),
        )
        .groupBy(['p.organization_id', 'a.target_role', 'a.track_id']),
    )
    .with('r', (qc) =>
      qc
        .selectFrom('en')
        .leftJoin('st', 'st.enrollment_id', 'en.id')
        .leftJoin('du', (j) =>
          j
            .onRef('du.organization_id', '=', 'en.organization_id')
            .onRef('du.target_role', '=', 'en.role')
            .onRef('du.track_id', '=', 'en.track_id'),
        )
        .selectAll('en')
        .select([
          sql<CourseStatus>`case when en.completed_at is not null then 'COMPLETED'
                when st.failed then 'FAILED'
                when st.started then 'IN_PROGRESS'
                else 'NOT_STARTED' end`.as('status'),
          'du.due_date',
        ]),
    )
    .selectFrom('r')
    .selectAll('r')
    .select(sql<number>`(count(*) over ())::int`.as('total'))
    .$if(filter.status !== undefined, (q) => q.where('r.status', '=', filter.status ?? 'COMPLETED'))
    .$if(filter.overdue === true, (q) =>
      q.where('r.completed_at', 'is', null).where('r.due_date', '<', today),
    )
    .$if(filter.overdue === false, (q) =>
      q.where((eb) =>
        eb.or([
          eb('r.completed_at', 'is not', null),
          eb('r.due_date', 'is', null),
          eb('r.due_date', '>=', today),
        ]),
      ),
    )
    .orderBy(sql`${SORT_COLUMNS[filter.sort]} ${direction} nulls last`)
    .orderBy(sql`r.user_name collate "C"`)
    .orderBy(sql`r.track_name collate "C"`)
    .orderBy('r.id');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

type Row = Awaited<ReturnType<typeof queryEnrollments>>[number];

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

function toRowDto(r: Row, today: string): EnrollmentRowDto {
  const completed = r.completed_at !== null;
  return {
    enrollmentId: r.id,
    userId: r.user_id,
    userName: r.user_name,
    email: r.email,
    role: r.role,
    organizationId: r.organization_id ?? null,
    organizationName: r.organization_name ?? null,
    trackId: r.track_id,
    trackName: r.track_name,
    status: r.status,
    progressPercent: r.progress_percent,
    requiredTotal: r.required_total,
    requiredCompleted: r.required_completed,
    enrolledAt: iso(r.enrolled_at) ?? '',
    completedAt: iso(r.completed_at),
    dueDate: r.due_date ?? null,
    overdue: !completed && r.due_date !== null && r.due_date < today,
  };
}

/**
 * `learning.listEnrollments`: enrolments of the scope's people (staff: everyone's), filtered, sorted and paged in
 * one statement (a second one only for a page past the end, to learn the total).
 */
export async function listEnrollments(
  em: EntityManager,
  scope: Scope,
  input: EnrollmentListInput,
  now: Date,
): Promise<{ items: EnrollmentRowDto[]; total: number }> {
  const organizationId = await scopedOrganization(em, scope, input.organizationId);
  const today = dayOf(now);
  const rows = await queryEnrollments(em, organizationId, input, today, input);
  const total =
    rows[0]?.total ??
    (input.offset > 0
      ? ((await queryEnrollments(em, organizationId, input, today, { limit: 1, offset: 0 }))[0]
          ?.total ?? 0)
      : 0);
  return { total, items: rows.map((r) => toRowDto(r, today)) };
}

/** Every enrolment the scope may see, for the learner-progress CSV (by learner, then track). */
export async function learnerProgressRows(
  em: EntityManager,
  scope: Scope,
  input: LearnerProgressExportInput,
  now: Date,
): Promise<EnrollmentRowDto[]> {
  const organizationId = await scopedOrganization(em, scope, input.organizationId);
  const today = dayOf(now);
  const rows = await queryEnrollments(
    em,
    organizationId,
    { ...input, sort: 'learner', direction: 'asc' },
    today,
  );
  return rows.map((r) => toRowDto(r, today));
}
