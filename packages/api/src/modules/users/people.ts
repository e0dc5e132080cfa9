import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Expression, type SqlBool } from 'kysely';
import { dayOf, OPEN_PROJECT_STATUSES, type UserListInput } from '@credence/domain';
import { db } from '../../db/sql.ts';
import type { Scope } from '../../trpc.ts';
import { outsideScope } from '../audit/service.ts';
import { dueDatesOf, withDueDates } from '../learning/due.ts';
import { loadEnrollments } from '../learning/progress.ts';
import type { PersonDto, PersonRowDto } from './dto.ts';
import { findScopedUser, toUserDto } from './service.ts';

/** `%text%` for ILIKE, with the pattern characters of the text taken literally. */
export const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The domain's progress percent of an enrolment's snapshot (alias `e`), in SQL:
 * floor(100 × completed ÷ total) of the required courses, 0 when nothing is required.
 */
export const ENROLLMENT_PERCENT = sql<number>`(case when e.required_total = 0 then 0
  else 100 * e.required_completed / e.required_total end)`;

const SORT_COLUMNS = {
  name: sql`pe.name`,
  email: sql`pe.email`,
  role: sql`pe.role`,
  organization: sql`pe.organization_name`,
  enrolled: sql`coalesce(pr.enrolled, 0)`,
  completed: sql`coalesce(pr.completed, 0)`,
  averageProgress: sql`pr.average_percent`,
  minimumProgress: sql`pr.minimum_percent`,
  nextDueDate: sql`du.next_due_date`,
  createdAt: sql`pe.created_at`,
} as const satisfies Record<UserListInput['sort'], unknown>;

/**
 * People, filtered, sorted and paged on the server, each with their progress across their
 * tracks — in one statement whatever the page size:
 *
 * - enrolled / completed: their enrolments, and those complete;
 * - average and minimum progress percent over their enrolments (null without one), from the
 *   enrolment's progress snapshot that `recomputeCompletion` keeps equal to the domain's rule;
 * - next due date: the earliest due date among the tracks assigned to their role in their
 *   organisation's open projects that they have not completed (enrolled or not);
 * - behind: that date has passed.
 *
 * A client ADMIN sees their own organisation only (asking for another is NOT_FOUND, audited).
 */
export async function listPeople(
  em: EntityManager,
  scope: Scope,
  input: UserListInput,
  now: Date,
): Promise<{ items: PersonRowDto[]; total: number }> {
  if (
    scope.kind === 'organization' &&
    input.organizationId !== undefined &&
    input.organizationId !== scope.organizationId
  ) {
    await outsideScope(em, scope, 'ORGANIZATION.NOT_FOUND', 'No such organisation', {
      targetType: 'organization',
      targetId: input.organizationId,
    });
  }
  const organizationId =
    scope.kind === 'organization' ? scope.organizationId : input.organizationId;
  const today = dayOf(now);
  const direction = input.direction === 'desc' ? sql`desc` : sql`asc`;

  const page = (limit: number, offset: number) =>
    db(em)
      .with('pe', (qc) =>
        qc
          .selectFrom('app_user as u')
          .leftJoin('organization as o', 'o.id', 'u.organization_id')
          .select([
            'u.id',
            'u.email',
            'u.name',
            'u.role',
            'u.organization_id',
            'o.name as organization_name',
            'u.is_active',
            'u.created_at',
          ])
          .where((eb) => {
            const where: Expression<SqlBool>[] = [];
            if (organizationId !== undefined)
              where.push(eb('u.organization_id', '=', organizationId));
            if (input.role !== undefined) where.push(eb('u.role', '=', input.role));
            if (input.isActive !== undefined) where.push(eb('u.is_active', '=', input.isActive));
            if (input.search !== undefined && input.search !== '') {
              const pattern = containing(input.search);
              where.push(eb.or([eb('u.name', 'ilike', pattern), eb('u.email', 'ilike', pattern)]));
            }
            return eb.and(where);
          }),
      )
      .with('pr', (qc) =>
        qc
          .selectFrom('enrollment as e')
          .innerJoin('pe', 'pe.id', 'e.user_id')
          .select([
            'e.user_id',
            sql<number>`count(*)::int`.as('enrolled'),
            sql<number>`count(e.completed_at)::int`.as('completed'),
            sql<number>`round(avg(${ENROLLMENT_PERCENT}))::int`.as('average_percent'),
            sql<number>`min(${ENROLLMENT_PERCENT})::int`.as('minimum_percent'),
          ])
          .groupBy('e.user_id'),
      )
      .with('du', (qc) =>
        qc
          .selectFrom('pe')
          .innerJoin('implementation_project as p', 'p.organization_id', 'pe.organization_id')
          .innerJoin('training_assignment as a', (j) =>
            j.onRef('a.project_id', '=', 'p.id').onRef('a.target_role', '=', 'pe.role'),
          )
          .leftJoin('enrollment as e', (j) =>
            j.onRef('e.user_id', '=', 'pe.id').onRef('e.track_id', '=', 'a.track_id'),
          )
          .select(['pe.id as user_id', sql<string>`min(a.due_date)::text`.as('next_due_date')])
          .where('p.status', 'in', OPEN_PROJECT_STATUSES)
          .where('a.due_date', 'is not', null)
          .where('e.completed_at', 'is', null)
          .groupBy('pe.id'),
      )
      .selectFrom('pe')
      .leftJoin('pr', 'pr.user_id', 'pe.id')
      .leftJoin('du', 'du.user_id', 'pe.id')
      .select([
        'pe.id',
        'pe.email',
        'pe.name',
        'pe.role',
        'pe.organization_id',
        'pe.organization_name',
        'pe.is_active',
        'pe.created_at',
        sql<number>`coalesce(pr.enrolled, 0)`.as('enrolled'),
        sql<number>`coalesce(pr.completed, 0)`.as('completed'),
        'pr.average_percent',
        'pr.minimum_percent',
        'du.next_due_date',
        sql<number>`(count(*) over ())::int`.as('total'),
      ])
      .$if(input.behind === true, (q) => q.where('du.next_due_date', '<', today))
      .$if(input.behind === false, (q) =>
        q.where((eb) =>
          eb.or([eb('du.next_due_date', 'is', null), eb('du.next_due_date', '>=', today)]),
        ),
      )
      .orderBy(sql`${SORT_COLUMNS[input.sort]} ${direction} nulls last`)
      .orderBy(sql`pe.name collate "C"`)
      .orderBy('pe.id')
      .limit(limit)
      .offset(offset)
      .execute();

  const rows = await page(input.limit, input.offset);
  // A page past the end has no row to carry the total: only then, ask for the first row.
  const total = rows[0]?.total ?? (input.offset > 0 ? ((await page(1, 0))[0]?.total ?? 0) : 0);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role,
      organizationId: r.organization_id ?? null,
      organizationName: r.organization_name ?? null,
      isActive: r.is_active,
      createdAt: new Date(r.created_at).toISOString(),
      progress: {
        enrolled: r.enrolled,
        completed: r.completed,
        averagePercent: r.average_percent ?? null,
        minimumPercent: r.minimum_percent ?? null,
        nextDueDate: r.next_due_date ?? null,
        behind:
          r.next_due_date !== null && r.next_due_date !== undefined && r.next_due_date < today,
      },
    })),
  };
}

/**
 * One person with their enrolments (courses, progress, due date, next step), most urgent first,
 * for a person page. A client ADMIN sees their own organisation's people only; anyone else's is
 * NOT_FOUND, like a missing one, and audited. Four statements.
 */
export async function getPerson(
  em: EntityManager,
  scope: Scope,
  id: string,
  now: Date,
): Promise<PersonDto> {
  const user = await findScopedUser(em, scope, id);
  const enrollments = await loadEnrollments(em, { userId: user.id });
  const dueDates =
    enrollments.length > 0
      ? await dueDatesOf(em, { role: user.role, organizationId: user.organization?.id ?? null })
      : new Map<string, string>();
  return { ...toUserDto(user), enrollments: withDueDates(enrollments, dueDates, now) };
}
