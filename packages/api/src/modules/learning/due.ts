import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import {
  dayOf,
  isClientRole,
  isOverdue,
  nextRequiredCourse,
  OPEN_PROJECT_STATUSES,
  sortByUrgency,
} from '@credence/domain';
import { db } from '../../db/sql.ts';
import type { EnrollmentDto, MyTrackDto } from './dto.ts';

/**
 * Per track, the earliest due date of the training assigned to a person: the assignments for
 * their role in their organisation's open projects (one statement; staff have none).
 */
export async function dueDatesOf(
  em: EntityManager,
  person: { role: string; organizationId: string | null },
): Promise<Map<string, string>> {
  if (person.organizationId === null || !isClientRole(person.role)) return new Map();
  const rows = await db(em)
    .selectFrom('training_assignment as a')
    .innerJoin('implementation_project as p', 'p.id', 'a.project_id')
    .select(['a.track_id', sql<string>`min(a.due_date)::text`.as('due_date')])
    .where('p.organization_id', '=', person.organizationId)
    .where('p.status', 'in', OPEN_PROJECT_STATUSES)
    .where('a.target_role', '=', person.role)
    .where('a.due_date', 'is not', null)
    .groupBy('a.track_id')
    .execute();
  return new Map(rows.map((r) => [r.track_id, r.due_date]));
}

/**
 * A person's enrolments with their due dates and next required step, most urgent first
 * (the domain's `sortByUrgency`).
 */
export function withDueDates(
  enrollments: readonly EnrollmentDto[],
  dueDates: ReadonlyMap<string, string>,
  now: Date,
): MyTrackDto[] {
  const today = dayOf(now);
  const items = enrollments.map((e): MyTrackDto => {
    const dueDate = dueDates.get(e.track.id) ?? null;
    const completed = e.status === 'COMPLETED';
    const next = nextRequiredCourse(e.courses);
    return {
      ...e,
      dueDate,
      overdue: isOverdue(dueDate, today, completed),
      nextStep: next ? { courseId: next.id, courseName: next.name, status: next.status } : null,
    };
  });
  return sortByUrgency(
    items.map((item) => ({ item, dueDate: item.dueDate, completed: item.status === 'COMPLETED' })),
    today,
  ).map((x) => x.item);
}
