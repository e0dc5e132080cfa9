import { DomainError } from './errors.ts';
import { isNonNegativeInteger, isValidDate } from './internal.ts';

export interface GoLiveAssignment {
  assignmentId: string;
  trackId: string;
  trackName: string;
  targetRole: string;
  requiredForGoLive: boolean;
  requiredCompletions: number;
  completions: number;
  dueDate?: Date | null;
}

export interface BlockingAssignment {
  assignmentId: string;
  trackId: string;
  trackName: string;
  targetRole: string;
  required: number;
  completed: number;
  missing: number;
  overdue: boolean;
}

export interface GoLiveReadiness {
  /** True when no assignment blocks go-live. */
  ready: boolean;
  /** In input order. */
  blocking: BlockingAssignment[];
}

function assertNow(now: Date): void {
  if (!isValidDate(now))
    throw new DomainError('READINESS.INVALID_DATE', '`now` must be a valid Date');
}

function assertDueDate(dueDate: Date | null | undefined, id: string): void {
  if (dueDate != null && !isValidDate(dueDate)) {
    throw new DomainError('READINESS.INVALID_DATE', `Invalid due date of assignment ${id}`);
  }
}

function assertCount(value: number, what: string, id: string): void {
  if (!isNonNegativeInteger(value)) {
    throw new DomainError(
      'READINESS.INVALID_COUNT',
      `${what} of assignment ${id} must be a non-negative integer, got ${String(value)}`,
    );
  }
}

function isOverdue(dueDate: Date | null | undefined, now: Date): boolean {
  return dueDate != null && dueDate.getTime() < now.getTime();
}

/**
 * Go-live readiness of an implementation project (docs/product-rules.md). Completions are counted
 * by the caller (distinct certified users of the role); this decides what blocks: every
 * assignment of a go-live-required track with fewer completions than required. Assignments
 * of other tracks never block, however late they are.
 *
 * Throws `READINESS.INVALID_DATE` (invalid `now` or due date) and `READINESS.INVALID_COUNT`
 * (counts that are not non-negative integers).
 */
export function goLiveReadiness(input: {
  now: Date;
  assignments: readonly GoLiveAssignment[];
}): GoLiveReadiness {
  const { now, assignments } = input;
  assertNow(now);
  const blocking: BlockingAssignment[] = [];
  for (const a of assignments) {
    assertCount(a.requiredCompletions, 'requiredCompletions', a.assignmentId);
    assertCount(a.completions, 'completions', a.assignmentId);
    assertDueDate(a.dueDate, a.assignmentId);
    if (!a.requiredForGoLive || a.completions >= a.requiredCompletions) continue;
    blocking.push({
      assignmentId: a.assignmentId,
      trackId: a.trackId,
      trackName: a.trackName,
      targetRole: a.targetRole,
      required: a.requiredCompletions,
      completed: a.completions,
      missing: a.requiredCompletions - a.completions,
      overdue: isOverdue(a.dueDate, now),
    });
  }
  return { ready: blocking.length === 0, blocking };
}

export interface TrainingStatusAssignment {
  assignmentId: string;
  requiredCompletions: number;
  completions: number;
  dueDate?: Date | null;
}

export interface AssignmentTrainingStatus {
  assignmentId: string;
  required: number;
  completed: number;
  complete: boolean;
  /** Incomplete and past its due date; a complete assignment is never overdue. */
  overdue: boolean;
}

export interface TrainingStatus {
  /** Every assignment complete (true for a project without assignments). */
  complete: boolean;
  /** In input order. */
  assignments: AssignmentTrainingStatus[];
}

/**
 * Project training status (docs/product-rules.md): per assignment required, completed, complete
 * and overdue, regardless of whether its track is required for go-live.
 * Throws like {@link goLiveReadiness}.
 */
export function trainingStatus(input: {
  now: Date;
  assignments: readonly TrainingStatusAssignment[];
}): TrainingStatus {
  const { now } = input;
  assertNow(now);
  const assignments = input.assignments.map((a): AssignmentTrainingStatus => {
    assertCount(a.requiredCompletions, 'requiredCompletions', a.assignmentId);
    assertCount(a.completions, 'completions', a.assignmentId);
    assertDueDate(a.dueDate, a.assignmentId);
    const complete = a.completions >= a.requiredCompletions;
    return {
      assignmentId: a.assignmentId,
      required: a.requiredCompletions,
      completed: a.completions,
      complete,
      overdue: !complete && isOverdue(a.dueDate, now),
    };
  });
  return { complete: assignments.every((a) => a.complete), assignments };
}

export interface CompletionForecastInput {
  now: Date;
  /** When the assignment started counting (e.g. its creation). */
  startedAt: Date;
  dueDate?: Date | null;
  /** Completions that count now, including people certified before `startedAt`. */
  completed: number;
  required: number;
  /**
   * When each counted completion happened. Only those in [startedAt, now] make the pace,
   * so people who were certified before the project started do not inflate it.
   */
  completionDates?: readonly Date[];
  /** Or, when the caller has counted them already: completions in [startedAt, now]. */
  completedSinceStart?: number;
}

export interface CompletionForecast {
  onTrack: boolean;
  /** Whole people expected by the due date at the current pace (`completed` without one). */
  projectedCompletions: number;
}

/**
 * "At the current pace, will the headcount be reached by the due date?" (docs/product-rules.md).
 * Pace is a straight line: completions since `startedAt` divided by the time elapsed,
 * extended over the time left until the due date. Deliberately simple; it is a hint for
 * implementation managers, not a promise.
 *
 * Throws `READINESS.INVALID_DATE` and `READINESS.INVALID_COUNT` for invalid input.
 */
export function completionForecast(input: CompletionForecastInput): CompletionForecast {
  const { now, startedAt, dueDate, completed, required, completionDates = [] } = input;
  assertNow(now);
  if (!isValidDate(startedAt)) {
    throw new DomainError('READINESS.INVALID_DATE', '`startedAt` must be a valid Date');
  }
  if (dueDate != null && !isValidDate(dueDate)) {
    throw new DomainError('READINESS.INVALID_DATE', '`dueDate` must be a valid Date');
  }
  for (const d of completionDates) {
    if (!isValidDate(d)) throw new DomainError('READINESS.INVALID_DATE', 'Invalid completion date');
  }
  assertCount(completed, 'completed', 'forecast');
  assertCount(required, 'required', 'forecast');
  if (input.completedSinceStart !== undefined) {
    assertCount(input.completedSinceStart, 'completedSinceStart', 'forecast');
  }

  const complete = completed >= required;
  if (dueDate == null) return { onTrack: complete, projectedCompletions: completed };

  const start = startedAt.getTime();
  const nowMs = now.getTime();
  const elapsedMs = nowMs - start;
  const remainingMs = Math.max(0, dueDate.getTime() - nowMs);
  let projected = completed;
  if (elapsedMs > 0 && remainingMs > 0) {
    const recent =
      input.completedSinceStart ??
      completionDates.filter((d) => {
        const t = d.getTime();
        return t >= start && t <= nowMs;
      }).length;
    // Integer product before the one division keeps whole results exact (no 9.999… floors).
    projected = completed + Math.floor((recent * remainingMs) / elapsedMs);
  }
  return { onTrack: complete || projected >= required, projectedCompletions: projected };
}
