import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { COURSE_STATUSES } from '@credence/domain';
import { createdAt, id, updatedAt } from '../../db/columns.ts';
import { Course, Track } from '../catalog/entities.ts';
import { User } from '../users/entities.ts';

/** A user is enrolled in a track at most once (unique user + track). */
export const Enrollment = defineEntity({
  name: 'Enrollment',
  tableName: 'enrollment',
  properties: {
    id: id(),
    user: () => p.manyToOne(User).index(),
    track: () => p.manyToOne(Track).index(),
    enrolledBy: () => p.manyToOne(User).nullable(),
    createdAt: createdAt(),
    /** When the track became complete, recomputed from the progress rows on every change. */
    completedAt: p.datetime().nullable(),
  },
  uniques: [{ properties: ['user', 'track'] }],
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
