import { z } from 'zod';
import { QUESTION_TYPES, REVIEW_POLICIES, TRACK_LEVELS, TRACK_TYPES } from '@credence/domain';

export const ZCourseDto = z.object({
  id: z.string(),
  trackId: z.string(),
  name: z.string(),
  description: z.string(),
  contentUrl: z.string(),
  estimatedMinutes: z.number().int(),
  sortOrder: z.number().int(),
  isRequired: z.boolean(),
  isActive: z.boolean(),
  /** Derived: the course has a quiz. */
  hasExam: z.boolean(),
});
export type CourseDto = z.infer<typeof ZCourseDto>;

export const ZTrackDto = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.enum(TRACK_TYPES),
  level: z.enum(TRACK_LEVELS),
  isActive: z.boolean(),
  requiredForGoLive: z.boolean(),
  /** The stored value, or ceil(active courses' minutes / 60) when none is stored. */
  estimatedHours: z.number().int(),
  estimatedHoursDerived: z.boolean(),
  /** 'major.minor', e.g. '2.3'. */
  version: z.string(),
  versionMajor: z.number().int(),
  versionMinor: z.number().int(),
  sortOrder: z.number().int(),
  certificateValidityMonths: z.number().int(),
  /** Staff see every course (archived ones last); learners only the active ones. */
  courses: z.array(ZCourseDto),
});
export type TrackDto = z.infer<typeof ZTrackDto>;

/** The full quiz with its answer keys: staff only, never part of a learner-facing response. */
export const ZStaffQuizDto = z.object({
  id: z.string(),
  courseId: z.string(),
  passingScore: z.number().int(),
  maxAttempts: z.number().int().nullable(),
  cooldownMinutes: z.number().int().nullable(),
  timeLimitMinutes: z.number().int().nullable(),
  poolSize: z.number().int().nullable(),
  reviewPolicy: z.enum(REVIEW_POLICIES),
  questions: z.array(
    z.object({
      id: z.string(),
      position: z.number().int(),
      type: z.enum(QUESTION_TYPES),
      prompt: z.string(),
      options: z.array(z.object({ id: z.string(), text: z.string() })),
      correctOptionIds: z.array(z.string()),
    }),
  ),
  updatedAt: z.string(),
});
export type StaffQuizDto = z.infer<typeof ZStaffQuizDto>;

export const ZDeletedQuizDto = z.object({ courseId: z.string(), quizId: z.string() });
export type DeletedQuizDto = z.infer<typeof ZDeletedQuizDto>;
