import { COURSE_STATUSES } from './constants.ts';
import { DomainError } from './errors.ts';

export type CourseStatus = (typeof COURSE_STATUSES)[number];

export interface TrackProgress {
  status: CourseStatus;
  requiredTotal: number;
  requiredCompleted: number;
  /** floor(100 * requiredCompleted / requiredTotal); 0 when nothing is required. */
  progressPercent: number;
}

const STATUS_SET: ReadonlySet<string> = new Set(COURSE_STATUSES);

/** floor(100 × completed ÷ total) of the required courses; 0 when nothing is required. */
export function progressPercent(requiredCompleted: number, requiredTotal: number): number {
  return requiredTotal <= 0 ? 0 : Math.floor((100 * requiredCompleted) / requiredTotal);
}

/**
 * A track's status, recomputed from its (active) courses' statuses rather than kept as a
 * counter. Optional courses never block completion but do count as a start.
 *
 * COMPLETED when something is required and all of it is completed; else FAILED when a
 * required course failed; else IN_PROGRESS when any course is in progress or completed;
 * else NOT_STARTED. A track without required courses is therefore never COMPLETED: it has
 * nothing to certify. Throws `PROGRESS.INVALID_STATUS` for an unknown status.
 */
export function trackProgress(
  courses: readonly { isRequired: boolean; status: CourseStatus }[],
): TrackProgress {
  let requiredTotal = 0;
  let requiredCompleted = 0;
  let requiredFailed = false;
  let started = false;
  for (const course of courses) {
    if (!STATUS_SET.has(course.status)) {
      throw new DomainError('PROGRESS.INVALID_STATUS', `Unknown course status: ${course.status}`);
    }
    if (course.status === 'IN_PROGRESS' || course.status === 'COMPLETED') started = true;
    if (!course.isRequired) continue;
    requiredTotal += 1;
    if (course.status === 'COMPLETED') requiredCompleted += 1;
    if (course.status === 'FAILED') requiredFailed = true;
  }

  let status: CourseStatus;
  if (requiredTotal > 0 && requiredCompleted === requiredTotal) status = 'COMPLETED';
  else if (requiredFailed) status = 'FAILED';
  else if (started) status = 'IN_PROGRESS';
  else status = 'NOT_STARTED';

  return {
    status,
    requiredTotal,
    requiredCompleted,
    progressPercent: progressPercent(requiredCompleted, requiredTotal),
  };
}
