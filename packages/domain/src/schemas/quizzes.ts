import { z } from 'zod';
import { ZOptionId } from './catalog.ts';
import { ZId, ZText } from './common.ts';

/** The quiz of a course, for the learner enrolled in its track. */
export const ZQuizCourseInput = z.strictObject({ courseId: ZId });
export type QuizCourseInput = z.infer<typeof ZQuizCourseInput>;

export const ZAttemptRef = z.strictObject({ attemptId: ZId });
export type AttemptRef = z.infer<typeof ZAttemptRef>;

/**
 * A learner's answers. Only their shape is checked here; whether each question is in the
 * attempt, each option in its question, and no question answered twice is the domain's
 * `checkAnswers` against the attempt (QUIZ.INVALID_ANSWER).
 */
export const ZAttemptAnswers = z
  .array(
    z.strictObject({
      questionId: ZId,
      selectedOptionIds: z.array(ZOptionId).max(10, 'At most ten options per answer'),
    }),
  )
  .max(500, 'At most 500 answers');
export type AttemptAnswers = z.infer<typeof ZAttemptAnswers>;

/** `quizzes.saveAnswers`: replaces the answers kept for an open attempt. */
export const ZSaveAnswersInput = z.strictObject({ attemptId: ZId, answers: ZAttemptAnswers });
export type SaveAnswersInput = z.infer<typeof ZSaveAnswersInput>;

/** `quizzes.submit`: the final answers; omitted, the answers saved so far are graded. */
export const ZSubmitAttemptInput = z.strictObject({
  attemptId: ZId,
  answers: ZAttemptAnswers.optional(),
});
export type SubmitAttemptInput = z.infer<typeof ZSubmitAttemptInput>;

/** `quizzes.resetAttempts`: staff, or the learner's own client admin; the reason is audited. */
export const ZResetAttemptsInput = z.strictObject({
  userId: ZId,
  courseId: ZId,
  reason: ZText({ min: 3, max: 500, minMessage: 'Say why the attempts are reset' }),
});
export type ResetAttemptsInput = z.infer<typeof ZResetAttemptsInput>;
