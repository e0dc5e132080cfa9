import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { QUESTION_TYPES } from '@credence/domain';
import { id } from '../../db/columns.ts';
import { Quiz, type QuestionOption } from '../catalog/entities.ts';
import { Enrollment } from '../learning/entities.ts';
import { User } from '../users/entities.ts';

export interface AttemptAnswer {
  questionId: string;
  selectedOptionIds: string[];
}

export interface QuestionResult {
  questionId: string;
  correct: boolean;
}

/**
 * One attempt of a learner at a quiz. The questions it drew are copied into
 * `quiz_attempt_question` (what the learner sees) and `quiz_attempt_key` (the keys, apart), so
 * editing the quiz never changes an open attempt or a past result.
 *
 * Open while `submitted_at` is null; the answers are kept as the learner goes. One conditional
 * update (`… where submitted_at is null`) grades it and fills the result columns together. The
 * quiz cannot be deleted while attempts exist (restrict). Attempts before a reset keep their
 * rows with `reset_at` set and stop counting towards the cap and the cooldown.
 */
export const QuizAttempt = defineEntity({
  name: 'QuizAttempt',
  tableName: 'quiz_attempt',
  properties: {
    id: id(),
    user: () => p.manyToOne(User),
    quiz: () => p.manyToOne(Quiz).deleteRule('restrict').index(),
    enrollment: () => p.manyToOne(Enrollment).index(),
    /** 1, 2, 3… per learner and quiz, across resets. */
    attemptNumber: p.integer(),
    startedAt: p.datetime(),
    /** Start plus the quiz's time limit; null for an untimed quiz. */
    deadline: p.datetime().nullable(),
    /** The quiz's passing score when the attempt started. */
    passingScore: p.integer(),
    totalQuestions: p.integer(),
    /** The answers saved so far, then the graded ones. */
    answers: p.json<AttemptAnswer[]>().$type<AttemptAnswer[]>(),
    submittedAt: p.datetime().nullable(),
    /** Closed at its deadline with the answers saved by then, not by the learner's submit. */
    autoSubmitted: p.boolean().default(false),
    correctCount: p.integer().nullable(),
    scorePercent: p.integer().nullable(),
    passed: p.boolean().nullable(),
    /** Per question, in the attempt's order: right or not (never the keys). */
    questionResults: p.json<QuestionResult[]>().$type<QuestionResult[]>().nullable(),
    resetAt: p.datetime().nullable(),
  },
  uniques: [
    { properties: ['user', 'quiz', 'attemptNumber'] },
    // At most one open attempt per learner and quiz.
    {
      name: 'quiz_attempt_one_open_unique',
      properties: ['user', 'quiz'],
      where: 'submitted_at is null',
    },
  ],
  checks: [
    {
      name: 'quiz_attempt_graded_when_submitted',
      expression:
        '(submitted_at is null) = (passed is null) and (passed is null) = (correct_count is null) and (passed is null) = (score_percent is null)',
    },
    {
      name: 'quiz_attempt_counts_valid',
      expression:
        'total_questions > 0 and attempt_number > 0 and (correct_count is null or (correct_count >= 0 and correct_count <= total_questions))',
    },
  ],
});
export type QuizAttempt = InferEntity<typeof QuizAttempt>;

/** A question as the attempt drew it: what the learner sees, in the attempt's order. */
export const QuizAttemptQuestion = defineEntity({
  name: 'QuizAttemptQuestion',
  tableName: 'quiz_attempt_question',
  properties: {
    attempt: () => p.manyToOne(QuizAttempt).primary().deleteRule('cascade'),
    /** The quiz question it was copied from (no foreign key: the quiz may change or lose it). */
    questionId: p.uuid().primary(),
    position: p.integer(),
    type: p.enum(QUESTION_TYPES),
    prompt: p.text(),
    options: p.json<QuestionOption[]>().$type<QuestionOption[]>(),
  },
  uniques: [{ properties: ['attempt', 'position'] }],
});
export type QuizAttemptQuestion = InferEntity<typeof QuizAttemptQuestion>;

/** The key of each drawn question as it was at the start, apart from what learners see. */
export const QuizAttemptKey = defineEntity({
  name: 'QuizAttemptKey',
  tableName: 'quiz_attempt_key',
  properties: {
    attempt: () => p.manyToOne(QuizAttempt).primary().deleteRule('cascade'),
    questionId: p.uuid().primary(),
    correctOptionIds: p.array(),
  },
});
export type QuizAttemptKey = InferEntity<typeof QuizAttemptKey>;
