import {
  ZAttemptRef,
  ZQuizCourseInput,
  ZResetAttemptsInput,
  ZSaveAnswersInput,
  ZSubmitAttemptInput,
} from '@credence/domain';
import { authedProcedure, clientAdminProcedure, router } from '../../trpc.ts';
import {
  ZAttemptDto,
  ZAttemptResultDto,
  ZQuizStatusDto,
  ZResetAttemptsResultDto,
  ZSaveAnswersResultDto,
} from './dto.ts';
import {
  attemptResult,
  quizStatus,
  resetAttempts,
  saveAnswers,
  startAttempt,
  submitAttempt,
} from './service.ts';

/**
 * Taking quizzes. Learners act on their own attempts only (identity from the session; another
 * learner's attempt answers NOT_FOUND). No response carries an answer key.
 */
export const quizzesRouter = router({
  /** The quiz page of a course: rules, attempts used and left, cooldown, open attempt, history. */
  status: authedProcedure
    .input(ZQuizCourseInput)
    .output(ZQuizStatusDto)
    .query(({ ctx, input }) => quizStatus(ctx.em, ctx.user, input.courseId, new Date())),
  /** Starts an attempt, or returns the open one. */
  start: authedProcedure
    .input(ZQuizCourseInput)
    .output(ZAttemptDto)
    .mutation(({ ctx, input }) => startAttempt(ctx.em, ctx.user, input.courseId, new Date())),
  /** Keeps the answers of an open attempt as the learner goes. */
  saveAnswers: authedProcedure
    .input(ZSaveAnswersInput)
    .output(ZSaveAnswersResultDto)
    .mutation(({ ctx, input }) => saveAnswers(ctx.em, ctx.user, input, new Date())),
  /** Grades an attempt once; repeated submits return the first result. */
  submit: authedProcedure
    .input(ZSubmitAttemptInput)
    .output(ZAttemptResultDto)
    .mutation(({ ctx, input }) => submitAttempt(ctx.em, ctx.user, input, new Date())),
  /** The result of a submitted attempt of the caller's. */
  result: authedProcedure
    .input(ZAttemptRef)
    .output(ZAttemptResultDto)
    .query(({ ctx, input }) => attemptResult(ctx.em, ctx.user, input.attemptId, new Date())),
  /** Staff, or the learner's own client admin; the reason is audited. */
  resetAttempts: clientAdminProcedure('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER')
    .input(ZResetAttemptsInput)
    .output(ZResetAttemptsResultDto)
    .mutation(({ ctx, input }) => resetAttempts(ctx.em, ctx.user, ctx.scope, input, new Date())),
});
