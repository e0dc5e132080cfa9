import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { QUESTION_TYPES, TRACK_LEVELS, TRACK_TYPES } from '@credence/domain';
import { createdAt, id, updatedAt } from '../../db/columns.ts';

export const Track = defineEntity({
  name: 'Track',
  tableName: 'track',
  properties: {
    id: id(),
    slug: p.string().length(100).unique(),
    name: p.string().length(200),
    description: p.text().default(''),
    type: p.enum(TRACK_TYPES),
    level: p.enum(TRACK_LEVELS),
    isActive: p.boolean().default(true),
    requiredForGoLive: p.boolean().default(false),
    /** Set by staff; when null, derived from the active courses' minutes. */
    estimatedHours: p.integer().nullable(),
    versionMajor: p.integer().default(1),
    versionMinor: p.integer().default(0),
    sortOrder: p.integer().default(0),
    certificateValidityMonths: p.integer().default(24),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  checks: [
    { name: 'track_version_valid', expression: 'version_major >= 1 and version_minor >= 0' },
    { name: 'track_validity_positive', expression: 'certificate_validity_months > 0' },
  ],
});
export type Track = InferEntity<typeof Track>;

export const Course = defineEntity({
  name: 'Course',
  tableName: 'course',
  properties: {
    id: id(),
    track: () => p.manyToOne(Track).index(),
    name: p.string().length(200),
    description: p.text().default(''),
    contentUrl: p.string().length(2000),
    estimatedMinutes: p.integer(),
    sortOrder: p.integer(),
    isRequired: p.boolean().default(true),
    isActive: p.boolean().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  checks: [
    { name: 'course_minutes_positive', expression: 'estimated_minutes > 0' },
    { name: 'course_content_url_http', expression: "content_url ~ '^https?://'" },
  ],
});
export type Course = InferEntity<typeof Course>;

/** At most one quiz per course (unique course). */
export const Quiz = defineEntity({
  name: 'Quiz',
  tableName: 'quiz',
  properties: {
    id: id(),
    course: () => p.oneToOne(Course).owner().unique(),
    passingScore: p.integer().default(80),
    maxAttempts: p.integer().nullable(),
    cooldownMinutes: p.integer().nullable(),
    timeLimitMinutes: p.integer().nullable(),
    /** Draw this many of the questions per attempt (unseen first); null = all. */
    poolSize: p.integer().nullable(),
    /** Whether learners see per-question results: ALWAYS, AFTER_PASS, NEVER_AFTER_FINAL_FAIL. */
    reviewPolicy: p.string().length(40).default('NEVER_AFTER_FINAL_FAIL'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  checks: [
    { name: 'quiz_passing_score_range', expression: 'passing_score >= 1 and passing_score <= 100' },
  ],
});
export type Quiz = InferEntity<typeof Quiz>;

export type QuestionOption = { id: string; text: string };

/** What learners may see of a question. The correct answers live in QuizAnswerKey. */
export const QuizQuestion = defineEntity({
  name: 'QuizQuestion',
  tableName: 'quiz_question',
  properties: {
    id: id(),
    quiz: () => p.manyToOne(Quiz).deleteRule('cascade').index(),
    position: p.integer(),
    type: p.enum(QUESTION_TYPES),
    prompt: p.text(),
    options: p.json<QuestionOption[]>(),
  },
  uniques: [{ properties: ['quiz', 'position'] }],
});
export type QuizQuestion = InferEntity<typeof QuizQuestion>;

/** The answer key of one question, kept apart so no learner-facing read can pick it up. */
export const QuizAnswerKey = defineEntity({
  name: 'QuizAnswerKey',
  tableName: 'quiz_answer_key',
  properties: {
    question: () => p.oneToOne(QuizQuestion).owner().primary().deleteRule('cascade'),
    correctOptionIds: p.array(),
  },
});
export type QuizAnswerKey = InferEntity<typeof QuizAnswerKey>;
