import { z } from 'zod';
import { DEFAULT_PASSING_SCORE, QUESTION_TYPES, TRACK_LEVELS, TRACK_TYPES } from '../constants.ts';
import { isStorableText, NOT_STORABLE_MESSAGE, ZDescription, ZId, ZName, ZText } from './common.ts';

export const ZTrackType = z.enum(TRACK_TYPES);
export const ZTrackLevel = z.enum(TRACK_LEVELS);
export const ZSlug = z
  .string()
  .trim()
  .min(2, 'At least 2 characters')
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lowercase letters, digits and single dashes only');
/**
 * Content links open in the learner's browser: http(s) only, never javascript: or data:, and
 * no credentials in the link (every learner would see them). The scheme is lower-cased so the
 * stored value always starts with `http://` or `https://` (the database checks that too).
 */
export const ZContentUrl = z
  .url({ protocol: /^https?$/, message: 'Must be an http(s) link' })
  .max(2000)
  .refine(isStorableText, { message: NOT_STORABLE_MESSAGE, abort: true })
  .refine((u) => {
    const url = URL.parse(u);
    return url !== null && url.username === '' && url.password === '';
  }, 'Links must not contain a user name or password')
  .transform((u) => u.replace(/^https?:/i, (scheme) => scheme.toLowerCase()));

export const ZTrackListInput = z
  .strictObject({
    includeArchived: z.boolean().default(false),
    type: ZTrackType.optional(),
  })
  .default({ includeArchived: false });
export type TrackListInput = z.infer<typeof ZTrackListInput>;

const trackFields = {
  slug: ZSlug,
  name: ZName,
  description: ZDescription.default(''),
  type: ZTrackType,
  level: ZTrackLevel,
  requiredForGoLive: z.boolean().default(false),
  estimatedHours: z.number().int().min(1).max(1000).nullable().default(null),
  sortOrder: z.number().int().min(0).max(100_000).default(0),
  certificateValidityMonths: z.number().int().min(1).max(120).default(24),
};
export const ZTrackCreateInput = z.strictObject(trackFields);
export type TrackCreateInput = z.infer<typeof ZTrackCreateInput>;
export const ZTrackUpdateInput = z.strictObject({
  id: ZId,
  slug: ZSlug.optional(),
  name: ZName.optional(),
  description: ZDescription.optional(),
  type: ZTrackType.optional(),
  level: ZTrackLevel.optional(),
  requiredForGoLive: z.boolean().optional(),
  estimatedHours: z.number().int().min(1).max(1000).nullable().optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  certificateValidityMonths: z.number().int().min(1).max(120).optional(),
});
export type TrackUpdateInput = z.infer<typeof ZTrackUpdateInput>;
export const ZPublishVersionInput = z.strictObject({ id: ZId, bump: z.enum(['MAJOR', 'MINOR']) });
export type PublishVersionInput = z.infer<typeof ZPublishVersionInput>;

export const ZCourseCreateInput = z.strictObject({
  trackId: ZId,
  name: ZName,
  description: ZDescription.default(''),
  contentUrl: ZContentUrl,
  estimatedMinutes: z.number().int().min(1).max(10_000),
  isRequired: z.boolean().default(true),
});
export type CourseCreateInput = z.infer<typeof ZCourseCreateInput>;
export const ZCourseUpdateInput = z.strictObject({
  id: ZId,
  name: ZName.optional(),
  description: ZDescription.optional(),
  contentUrl: ZContentUrl.optional(),
  estimatedMinutes: z.number().int().min(1).max(10_000).optional(),
  isRequired: z.boolean().optional(),
  isActive: z.boolean().optional(),
});
export type CourseUpdateInput = z.infer<typeof ZCourseUpdateInput>;
export const ZReorderCoursesInput = z.strictObject({
  trackId: ZId,
  courseIds: z
    .array(ZId)
    .min(1)
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, 'Each course may appear only once'),
});
export type ReorderCoursesInput = z.infer<typeof ZReorderCoursesInput>;

export const ZQuestionType = z.enum(QUESTION_TYPES);
export const REVIEW_POLICIES = ['ALWAYS', 'AFTER_PASS', 'NEVER_AFTER_FINAL_FAIL', 'NEVER'] as const;
export const ZReviewPolicy = z.enum(REVIEW_POLICIES);
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];

export const ZOptionId = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9_-]+$/, 'Option ids use letters, digits, - and _');

export const ZQuizQuestionInput = z
  .strictObject({
    /**
     * The id of an existing question of this quiz, as `getQuiz` gave it: the question is
     * updated in place and keeps its id. Omitted for a new question.
     */
    id: ZId.optional(),
    type: ZQuestionType,
    prompt: ZText({ min: 1, max: 2000, minMessage: 'Write the question' }),
    options: z
      .array(z.strictObject({ id: ZOptionId, text: ZText({ min: 1, max: 500 }) }))
      .min(2, 'At least two options')
      .max(10, 'At most ten options'),
    correctOptionIds: z.array(ZOptionId).min(1, 'Mark at least one correct option').max(10),
  })
  .superRefine((q, ctx) => {
    const ids = q.options.map((o) => o.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Option ids must be unique' });
    }
    const texts = q.options.map((o) => o.text.toLowerCase());
    if (new Set(texts).size !== texts.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Options must be different' });
    }
    const correct = new Set(q.correctOptionIds);
    if (correct.size !== q.correctOptionIds.length) {
      ctx.addIssue({ code: 'custom', path: ['correctOptionIds'], message: 'Listed twice' });
    }
    for (const id of correct) {
      if (!ids.includes(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['correctOptionIds'],
          message: `"${id}" is not one of the options`,
        });
      }
    }
    if (q.type !== 'MULTI_SELECT' && correct.size !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['correctOptionIds'],
        message: 'Single choice and true/false questions have exactly one correct option',
      });
    }
    if (q.type === 'TRUE_FALSE' && q.options.length !== 2) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'True/false has two options' });
    }
  });
export type QuizQuestionInput = z.infer<typeof ZQuizQuestionInput>;

export const ZSaveQuizInput = z
  .strictObject({
    courseId: ZId,
    passingScore: z.number().int().min(1).max(100).default(DEFAULT_PASSING_SCORE),
    maxAttempts: z.number().int().min(1).max(100).nullable().default(null),
    cooldownMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30)
      .nullable()
      .default(null),
    timeLimitMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24)
      .nullable()
      .default(null),
    poolSize: z.number().int().min(1).max(500).nullable().default(null),
    reviewPolicy: ZReviewPolicy.default('NEVER_AFTER_FINAL_FAIL'),
    questions: z.array(ZQuizQuestionInput).min(1, 'A quiz needs at least one question').max(500),
  })
  .refine((q) => q.poolSize === null || q.poolSize <= q.questions.length, {
    path: ['poolSize'],
    message: 'The pool cannot draw more questions than the quiz has',
  })
  .refine(
    (q) => {
      const ids = q.questions.flatMap((question) => (question.id ? [question.id] : []));
      return new Set(ids).size === ids.length;
    },
    { path: ['questions'], message: 'A question may appear only once' },
  );
export type SaveQuizInput = z.infer<typeof ZSaveQuizInput>;
export const ZCourseRef = z.strictObject({ courseId: ZId });
export type CourseRef = z.infer<typeof ZCourseRef>;
