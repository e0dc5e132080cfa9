import type { ProjectStatus } from './constants.ts';
import type { CourseStatus } from './progress.ts';

/**
 * Projects whose training assignments still ask something of people: not live yet and not
 * cancelled. A learner's due dates come from the assignments of these projects only.
 */
export const OPEN_PROJECT_STATUSES = [
  'PLANNING',
  'IN_PROGRESS',
  'ON_HOLD',
] as const satisfies readonly ProjectStatus[];

/** The calendar day (UTC, as dates are stored) of an instant: '2026-12-02'. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A due date includes its whole day: work is late from the next day on. Dates are
 * 'YYYY-MM-DD' strings, so they compare as text.
 */
export function isOverdue(dueDate: string | null, today: string, completed: boolean): boolean {
  return !completed && dueDate !== null && dueDate < today;
}

/**
 * The step a learner should take next in a track: the first required course (in the track's
 * order) that is not completed. Optional courses are never the next step; `null` when every
 * required course is done.
 */
export function nextRequiredCourse<C extends { isRequired: boolean; status: CourseStatus }>(
  coursesInOrder: readonly C[],
): C | null {
  return coursesInOrder.find((c) => c.isRequired && c.status !== 'COMPLETED') ?? null;
}

/** How urgent a learner's track is, most urgent first. */
export type Urgency = 'OVERDUE' | 'DUE' | 'NO_DUE_DATE' | 'COMPLETED';
const URGENCY_RANK: Readonly<Record<Urgency, number>> = {
  OVERDUE: 0,
  DUE: 1,
  NO_DUE_DATE: 2,
  COMPLETED: 3,
};

export function urgencyOf(
  item: { dueDate: string | null; completed: boolean },
  today: string,
): Urgency {
  if (item.completed) return 'COMPLETED';
  if (item.dueDate === null) return 'NO_DUE_DATE';
  return item.dueDate < today ? 'OVERDUE' : 'DUE';
}

/**
 * Orders a learner's tracks by urgency: overdue first, then the others with a due date (the
 * earliest first), then those without one, completed tracks last. Stable: ties keep their
 * given order (the catalog's).
 */
export function sortByUrgency<T extends { dueDate: string | null; completed: boolean }>(
  items: readonly T[],
  today: string,
): T[] {
  return items.toSorted((a, b) => {
    const ua = urgencyOf(a, today);
    const ub = urgencyOf(b, today);
    if (ua !== ub) return URGENCY_RANK[ua] - URGENCY_RANK[ub];
    if (a.dueDate !== null && b.dueDate !== null && a.dueDate !== b.dueDate) {
      return a.dueDate < b.dueDate ? -1 : 1;
    }
    return 0;
  });
}
