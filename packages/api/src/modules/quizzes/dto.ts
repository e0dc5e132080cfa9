import { z } from 'zod';
import { ATTEMPT_BLOCKS, COURSE_STATUSES, QUESTION_TYPES, REVIEW_POLICIES } from '@credence/domain';

/** A drawn question as the learner sees it: never its key. */
const ZAttemptQuestionDto = z.object({
  id: z.string(),
  position: z.number().int(),
  type: z.enum(QUESTION_TYPES),
  prompt: z.string(),
  options: z.array(z.object({ id: z.string(), text: z.string() })),
});

const ZAnswerDto = z.object({
  questionId: z.string(),
  selectedOptionIds: z.array(z.string()),
});

/** An open attempt: its questions in the attempt's order and the answers saved so far. */
export const ZAttemptDto = z.object({
  attemptId: z.string(),
  attemptNumber: z.number().int(),
  courseId: z.string(),
  startedAt: z.string(),
  /** When a timed attempt ends (a submit is accepted a few seconds later); null if untimed. */
  deadline: z.string().nullable(),
  /** The server's clock when answering, so a page can run its countdown on the server's time. */
  serverTime: z.string(),
  passingScore: z.number().int(),
  totalQuestions: z.number().int(),
  questions: z.array(ZAttemptQuestionDto),
  answers: z.array(ZAnswerDto),
  /** True when `start` found this attempt open and returned it instead of a new one. */
  resumed: z.boolean(),
});
export type AttemptDto = z.infer<typeof ZAttemptDto>;

/** A reviewed question: the learner's own answer and whether it was right (never the key). */
const ZReviewedQuestionDto = ZAttemptQuestionDto.extend({
  selectedOptionIds: z.array(z.string()),
  correct: z.boolean(),
});

export const ZAttemptResultDto = z.object({
  attemptId: z.string(),
  attemptNumber: z.number().int(),
  courseId: z.string(),
  submittedAt: z.string(),
  /** Closed at its deadline with the answers saved by then. */
  autoSubmitted: z.boolean(),
  scorePercent: z.number().int(),
  passed: z.boolean(),
  requiredScore: z.number().int(),
  correctCount: z.number().int(),
  totalQuestions: z.number().int(),
  /** Per question, only as the quiz's review policy allows; else null. */
  review: z.array(ZReviewedQuestionDto).nullable(),
  /** Attempts the learner has left now; null for unlimited. */
  attemptsLeft: z.number().int().nullable(),
  /** When the learner may start again, while a cooldown runs; else null. */
  cooldownEndsAt: z.string().nullable(),
  courseStatus: z.enum(COURSE_STATUSES),
});
export type AttemptResultDto = z.infer<typeof ZAttemptResultDto>;

const ZAttemptSummaryDto = z.object({
  attemptId: z.string(),
  attemptNumber: z.number().int(),
  startedAt: z.string(),
  submittedAt: z.string().nullable(),
  scorePercent: z.number().int().nullable(),
  passed: z.boolean().nullable(),
  autoSubmitted: z.boolean(),
  /** Reset by an administrator: it no longer counts towards the cap. */
  reset: z.boolean(),
});

/** What the quiz page of a course shows before, during and after attempts. */
export const ZQuizStatusDto = z.object({
  courseId: z.string(),
  courseName: z.string(),
  trackId: z.string(),
  quiz: z.object({
    passingScore: z.number().int(),
    maxAttempts: z.number().int().nullable(),
    cooldownMinutes: z.number().int().nullable(),
    timeLimitMinutes: z.number().int().nullable(),
    /** Questions drawn per attempt. */
    questionsPerAttempt: z.number().int(),
    reviewPolicy: z.enum(REVIEW_POLICIES),
  }),
  courseStatus: z.enum(COURSE_STATUSES),
  canStart: z.boolean(),
  blockedBy: z.enum(ATTEMPT_BLOCKS).nullable(),
  attemptsUsed: z.number().int(),
  attemptsLeft: z.number().int().nullable(),
  cooldownEndsAt: z.string().nullable(),
  /** The open attempt to resume, if any. */
  openAttempt: ZAttemptDto.nullable(),
  /** Every attempt, latest first. */
  attempts: z.array(ZAttemptSummaryDto),
  serverTime: z.string(),
});
export type QuizStatusDto = z.infer<typeof ZQuizStatusDto>;

export const ZSaveAnswersResultDto = z.object({
  attemptId: z.string(),
  answered: z.number().int(),
  savedAt: z.string(),
});
export type SaveAnswersResultDto = z.infer<typeof ZSaveAnswersResultDto>;

export const ZResetAttemptsResultDto = z.object({
  userId: z.string(),
  courseId: z.string(),
  attemptsReset: z.number().int(),
  courseStatus: z.enum(COURSE_STATUSES),
});
export type ResetAttemptsResultDto = z.infer<typeof ZResetAttemptsResultDto>;
