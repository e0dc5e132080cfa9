import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { COURSE_STATUSES } from '@credence/domain';
import { createdAt, id, updatedAt } from '../../db/columns.ts';
import { Course, Track } from '../catalog/entities.ts';
import { User } from '../users/entities.ts';

/**
 * A user is enrolled in a track at most once (unique user + track).
 *
 * `completedAt`, `requiredTotal` and `requiredCompleted` are a snapshot of the enrolment's
 * progress, derived from source rows — the track's active courses and this enrolment's
 * progress rows — by the domain's `trackProgress`. Only `recomputeCompletion` writes them (every
 * change of progress, and every catalog change to a course's required or active flag, calls it
 * in the same transaction); an enrolment starts with the track's active required courses and
 * none completed. They are replaced by a recompute, never incremented or decremented: a counter
 * that drifts would be wrong forever, a recompute repairs itself on the next change. Readers
 * that need the exact per-course picture (a learner's progress page) still read the source rows.
 */
export const Enrollment = defineEntity({
  name: 'Enrollment',
  tableName: 'enrollment',
  properties: {
    id: id(),
    user: () => p.manyToOne(User).index(),
    track: () => p.manyToOne(Track).index(),
    enrolledBy: () => p.manyToOne(User).nullable(),
    createdAt: createdAt(),
    /** When the track became complete (snapshot, see above). */
    completedAt: p.datetime().nullable(),
    /** Active required courses of the track (snapshot, see above). */
    requiredTotal: p.integer().default(0),
    /** Of those, the ones this enrolment has completed (snapshot, see above). */
    requiredCompleted: p.integer().default(0),
  },
  uniques: [{ properties: ['user', 'track'] }],
  indexes: [
    // Go-live readiness lists who is still on the way per track (projects/queries.ts
    // `loadPending`): the enrolments not complete yet, with their snapshot, index-only.
    {
      name: 'enrollment_pending_index',
      properties: ['track', 'user'],
      include: ['requiredTotal', 'requiredCompleted'],
      where: 'completed_at is null',
    },
  ],
  checks: [
    {
      name: 'enrollment_required_progress_valid',
      expression: 'required_completed >= 0 and required_completed <= required_total',
    },
  ],
});
export type Enrollment = InferEntity<typeof Enrollment>;

export const CourseProgress = defineEntity({
  name: 'CourseProgress',
  tableName: 'course_progress',
  properties: {
    id: id(),
    enrollment: () => p.manyToOne(Enrollment).deleteRule('cascade'),
    course: () => p.manyToOne(Course).index(),
    status: p.enum(COURSE_STATUSES).default('NOT_STARTED'),
    startedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
    updatedAt: updatedAt(),
  },
  uniques: [{ properties: ['enrollment', 'course'] }],
});
export type CourseProgress = InferEntity<typeof CourseProgress>;
