import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import {
  attemptDeadline,
  attemptEligibility,
  checkAnswers,
  drawQuestions,
  gradeAttempt,
  QUIZ_SUBMIT_GRACE_SECONDS,
  reviewVisible,
  type AttemptAnswers,
  type AttemptEligibility,
  type CourseStatus,
  type QuestionType,
  type ResetAttemptsInput,
  type ReviewPolicy,
  type SaveAnswersInput,
  type SubmitAttemptInput,
} from '@credence/domain';
import type { SessionUser } from '../../context.ts';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';
import { audit, outsideScope } from '../audit/service.ts';
import type { QuestionOption } from '../catalog/entities.ts';
import { recomputeCompletion } from '../learning/completion.ts';
import { advanceCourse } from '../learning/progress.ts';
import { isoOrNull, kysely, toDate } from './db.ts';
import type {
  AttemptDto,
  AttemptResultDto,
  QuizStatusDto,
  ResetAttemptsResultDto,
  SaveAnswersResultDto,
} from './dto.ts';
import type { AttemptAnswer, QuestionResult } from './entities.ts';

// ---------------------------------------------------------------------------------------------
// Reads shared by the procedures.

interface QuizOfCourse {
  courseId: string;
  courseName: string;
  trackId: string;
  quizId: string;
  passingScore: number;
  maxAttempts: number | null;
  cooldownMinutes: number | null;
  timeLimitMinutes: number | null;
  poolSize: number | null;
  reviewPolicy: ReviewPolicy;
  questionCount: number;
  enrollmentId: string;
  courseStatus: CourseStatus;
}

/**
 * The quiz of an active course and the learner's enrolment in its track, or the reason why not:
 * COURSE.NOT_FOUND, QUIZ.NOT_FOUND (the course has none), ENROLLMENT.NOT_FOUND,
 * COURSE.ARCHIVED.
 */
async function quizOfCourse(
  em: EntityManager,
  userId: string,
  courseId: string,
): Promise<QuizOfCourse> {
  const row = await kysely(em)
    .selectFrom('course as c')
    .leftJoin('quiz as q', 'q.course_id', 'c.id')
    .leftJoin('enrollment as e', (join) =>
      join.onRef('e.track_id', '=', 'c.track_id').on('e.user_id', '=', userId),
    )
    .leftJoin('course_progress as cp', (join) =>
      join.onRef('cp.enrollment_id', '=', 'e.id').onRef('cp.course_id', '=', 'c.id'),
    )
    .select([
      'c.id as courseId',
      'c.name as courseName',
      'c.track_id as trackId',
      'c.is_active as isActive',
      'q.id as quizId',
      'q.passing_score as passingScore',
      'q.max_attempts as maxAttempts',
      'q.cooldown_minutes as cooldownMinutes',
      'q.time_limit_minutes as timeLimitMinutes',
      'q.pool_size as poolSize',
      'q.review_policy as reviewPolicy',
      'e.id as enrollmentId',
      'cp.status as courseStatus',
    ])
    .select((eb) =>
      eb
        .selectFrom('quiz_question as qq')
        .whereRef('qq.quiz_id', '=', 'q.id')
        .select((count) => count.fn.countAll<string>().as('n'))
        .as('questionCount'),
    )
    .where('c.id', '=', courseId)
    .executeTakeFirst();
  if (!row) return fail('COURSE.NOT_FOUND', 'No such course');
  if (row.enrollmentId === null) {
    return fail('ENROLLMENT.NOT_FOUND', "You are not enrolled in this course's track");
  }
  if (row.quizId === null || row.passingScore === null || row.reviewPolicy === null) {
    return fail('QUIZ.NOT_FOUND', 'This course has no quiz');
  }
  if (!row.isActive) return fail('COURSE.ARCHIVED', 'This course is no longer part of its track');
  return {
    courseId: row.courseId,
    courseName: row.courseName,
    trackId: row.trackId,
    quizId: row.quizId,
    passingScore: row.passingScore,
    maxAttempts: row.maxAttempts,
    cooldownMinutes: row.cooldownMinutes,
    timeLimitMinutes: row.timeLimitMinutes,
    poolSize: row.poolSize,
    reviewPolicy: row.reviewPolicy as ReviewPolicy,
    questionCount: Number(row.questionCount ?? 0),
    enrollmentId: row.enrollmentId,
    courseStatus: row.courseStatus ?? 'NOT_STARTED',
  };
}

interface Counts {
  used: number;
  lastSubmittedAt: Date | null;
  passed: boolean;
  lastNumber: number;
}

/** The attempts that count (not reset) and the highest attempt number so far. */
async function attemptCounts(em: EntityManager, userId: string, quizId: string): Promise<Counts> {
  const row = await kysely(em)
    .selectFrom('quiz_attempt')
    .where('user_id', '=', userId)
    .where('quiz_id', '=', quizId)
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('reset_at', 'is', null).as('used'),
      eb.fn.max('submitted_at').filterWhere('reset_at', 'is', null).as('lastSubmittedAt'),
      eb.fn
        .agg<boolean | null>('bool_or', ['passed'])
        .filterWhere('reset_at', 'is', null)
        .as('passed'),
      eb.fn.coalesce(eb.fn.max('attempt_number'), eb.lit(0)).as('lastNumber'),
    ])
    .executeTakeFirstOrThrow();
  return {
    used: Number(row.used),
    lastSubmittedAt: row.lastSubmittedAt === null ? null : toDate(row.lastSubmittedAt),
    passed: row.passed === true,
    lastNumber: row.lastNumber,
  };
}

function eligibility(
  quiz: Pick<QuizOfCourse, 'maxAttempts' | 'cooldownMinutes' | 'courseStatus'>,
  counts: Pick<Counts, 'used' | 'lastSubmittedAt' | 'passed'>,
  now: Date,
): AttemptEligibility {
  return attemptEligibility({
    now,
    maxAttempts: quiz.maxAttempts,
    cooldownMinutes: quiz.cooldownMinutes,
    attemptsUsed: counts.used,
    lastSubmittedAt: counts.lastSubmittedAt,
    passed: counts.passed || quiz.courseStatus === 'COMPLETED',
    failed: quiz.courseStatus === 'FAILED',
  });
}

interface AttemptRow {
  id: string;
  userId: string;
  quizId: string;
  enrollmentId: string;
  attemptNumber: number;
  startedAt: Date;
  deadline: Date | null;
  passingScore: number;
  totalQuestions: number;
  answers: AttemptAnswer[];
  submittedAt: Date | null;
  autoSubmitted: boolean;
  correctCount: number | null;
  scorePercent: number | null;
  passed: boolean | null;
  questionResults: QuestionResult[] | null;
  resetAt: Date | null;
}

/** The attempt's columns, read from `quiz_attempt as a`. */
const ATTEMPT_COLUMNS = [
  'a.id',
  'a.user_id as userId',
  'a.quiz_id as quizId',
  'a.enrollment_id as enrollmentId',
  'a.attempt_number as attemptNumber',
  'a.started_at as startedAt',
  'a.deadline',
  'a.passing_score as passingScore',
  'a.total_questions as totalQuestions',
  'a.answers',
  'a.submitted_at as submittedAt',
  'a.auto_submitted as autoSubmitted',
  'a.correct_count as correctCount',
  'a.score_percent as scorePercent',
  'a.passed',
  'a.question_results as questionResults',
  'a.reset_at as resetAt',
] as const;

function toAttemptRow(row: {
  [K in keyof AttemptRow]: AttemptRow[K] extends Date
    ? Date | string
    : AttemptRow[K] extends Date | null
      ? Date | string | null
      : AttemptRow[K];
}): AttemptRow {
  return {
    ...row,
    startedAt: toDate(row.startedAt),
    deadline: row.deadline === null ? null : toDate(row.deadline),
    submittedAt: row.submittedAt === null ? null : toDate(row.submittedAt),
    resetAt: row.resetAt === null ? null : toDate(row.resetAt),
  };
}

interface AttemptContext extends AttemptRow {
  courseId: string;
  maxAttempts: number | null;
  cooldownMinutes: number | null;
  reviewPolicy: ReviewPolicy;
  courseStatus: CourseStatus;
  /** The learner's attempts at the quiz that count (this one included). */
  counts: Pick<Counts, 'used' | 'lastSubmittedAt' | 'passed'>;
}

/**
 * One attempt of the learner's with what its result needs, in one statement: the quiz's
 * rules, the course's status and the learner's counted attempts. Anyone else's attempt
 * answers ATTEMPT.NOT_FOUND, like a missing one.
 */
async function attemptContext(
  em: EntityManager,
  userId: string,
  attemptId: string,
): Promise<AttemptContext> {
  const row = await kysely(em)
    .selectFrom('quiz_attempt as a')
    .innerJoin('quiz as q', 'q.id', 'a.quiz_id')
    .leftJoin('course_progress as cp', (join) =>
      join
        .onRef('cp.enrollment_id', '=', 'a.enrollment_id')
        .onRef('cp.course_id', '=', 'q.course_id'),
    )
    .select(ATTEMPT_COLUMNS)
    .select([
      'q.course_id as courseId',
      'q.max_attempts as maxAttempts',
      'q.cooldown_minutes as cooldownMinutes',
      'q.review_policy as reviewPolicy',
      'cp.status as courseStatus',
    ])
    .select((eb) => {
      const counted = () =>
        eb
          .selectFrom('quiz_attempt as x')
          .whereRef('x.user_id', '=', 'a.user_id')
          .whereRef('x.quiz_id', '=', 'a.quiz_id')
          .where('x.reset_at', 'is', null);
      return [
        counted()
          .select((c) => c.fn.countAll<string>().as('n'))
          .as('used'),
        counted()
          .select((c) => c.fn.max('x.submitted_at').as('m'))
          .as('lastSubmittedAt'),
        counted()
          .select((c) => c.fn.agg<boolean | null>('bool_or', ['x.passed']).as('p'))
          .as('anyPassed'),
      ];
    })
    .where('a.id', '=', attemptId)
    .where('a.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return fail('ATTEMPT.NOT_FOUND', 'No such attempt');
  const { courseId, maxAttempts, cooldownMinutes, reviewPolicy, courseStatus } = row;
  return {
    ...toAttemptRow(row),
    courseId,
    maxAttempts,
    cooldownMinutes,
    reviewPolicy: reviewPolicy as ReviewPolicy,
    courseStatus: courseStatus ?? 'NOT_STARTED',
    counts: {
      used: Number(row.used ?? 0),
      lastSubmittedAt: row.lastSubmittedAt === null ? null : toDate(row.lastSubmittedAt),
      passed: row.anyPassed === true,
    },
  };
}

interface SnapshotQuestion {
  id: string;
  position: number;
  type: QuestionType;
  prompt: string;
  options: QuestionOption[];
}

/** The questions an attempt drew, in its order, as the learner sees them (no keys). */
async function attemptQuestions(em: EntityManager, attemptId: string): Promise<SnapshotQuestion[]> {
  return kysely(em)
    .selectFrom('quiz_attempt_question')
    .select(['question_id as id', 'position', 'type', 'prompt', 'options'])
    .where('attempt_id', '=', attemptId)
    .orderBy('position')
    .execute();
}

function toAttemptDto(
  attempt: AttemptRow,
  courseId: string,
  questions: SnapshotQuestion[],
  now: Date,
  resumed: boolean,
): AttemptDto {
  return {
    attemptId: attempt.id,
    attemptNumber: attempt.attemptNumber,
    courseId,
    startedAt: attempt.startedAt.toISOString(),
    deadline: isoOrNull(attempt.deadline),
    serverTime: now.toISOString(),
    passingScore: attempt.passingScore,
    totalQuestions: attempt.totalQuestions,
    questions: questions.map((q) => ({
      id: q.id,
      position: q.position,
      type: q.type,
      prompt: q.prompt,
      options: q.options.map((o) => ({ id: o.id, text: o.text })),
    })),
    answers: attempt.answers.map((a) => ({
      questionId: a.questionId,
      selectedOptionIds: [...a.selectedOptionIds],
    })),
    resumed,
  };
}

/** Whether a submit at `now` is still in time for the deadline (with the grace period). */
const inTime = (deadline: Date | null, now: Date): boolean =>
  deadline === null || now.getTime() <= deadline.getTime() + QUIZ_SUBMIT_GRACE_SECONDS * 1000;

// ---------------------------------------------------------------------------------------------
// Grading: one conditional update decides.

/**
 * Grades an open attempt with `answers` and records the result with one conditional update
 * (`… where submitted_at is null`, and in time unless `closing` an expired attempt); the call
 * that changes the row also records the outcome in the same transaction: a pass completes the
 * course (through the learning module, which recomputes the track's completion), a failure
 * with no attempts left marks the course FAILED. Every other call changes nothing.
 * Throws QUIZ.INVALID_ANSWER before writing anything. Returns the attempt's questions.
 */
async function grade(
  tx: EntityManager,
  attempt: AttemptContext,
  answers: AttemptAnswers,
  submittedAt: Date,
  mode: { closing: false; now: Date } | { closing: true },
): Promise<SnapshotQuestion[]> {
  const drawn = await kysely(tx)
    .selectFrom('quiz_attempt_question as aq')
    .innerJoin('quiz_attempt_key as k', (join) =>
      join
        .onRef('k.attempt_id', '=', 'aq.attempt_id')
        .onRef('k.question_id', '=', 'aq.question_id'),
    )
    .select([
      'aq.question_id as id',
      'aq.position',
      'aq.type',
      'aq.prompt',
      'aq.options',
      'k.correct_option_ids as correct',
    ])
    .where('aq.attempt_id', '=', attempt.id)
    .orderBy('aq.position')
    .execute();
  const result = gradeAttempt({
    questions: drawn.map((q) => ({
      id: q.id,
      optionIds: q.options.map((o) => o.id),
      correctOptionIds: q.correct,
    })),
    answers,
    passingScore: attempt.passingScore,
  });
  const questions = drawn.map(({ correct: _key, ...question }) => question);
  const cleaned: AttemptAnswer[] = answers.map((a) => ({
    questionId: a.questionId,
    selectedOptionIds: [...new Set(a.selectedOptionIds)],
  }));
  const cutoff = mode.closing
    ? null
    : new Date(mode.now.getTime() - QUIZ_SUBMIT_GRACE_SECONDS * 1000);
  const updated = await kysely(tx)
    .updateTable('quiz_attempt')
    .set({
      submitted_at: submittedAt,
      auto_submitted: mode.closing,
      answers: JSON.stringify(cleaned) as unknown as AttemptAnswer[],
      correct_count: result.correctCount,
      score_percent: result.scorePercent,
      passed: result.passed,
      question_results: JSON.stringify(result.perQuestion) as unknown as QuestionResult[],
    })
    .where('id', '=', attempt.id)
    .where('submitted_at', 'is', null)
    // A learner's submit must be in time; closing an expired attempt needs no such check.
    .$if(cutoff !== null, (qb) =>
      qb.where((eb) =>
        eb.or([eb('deadline', 'is', null), eb('deadline', '>=', cutoff ?? submittedAt)]),
      ),
    )
    .returning('id')
    .executeTakeFirst();
  if (!updated) return questions;
  if (result.passed) {
    await advanceCourse(tx, attempt.enrollmentId, attempt.courseId, 'COMPLETED', submittedAt);
  } else if (attempt.maxAttempts !== null && attempt.counts.used >= attempt.maxAttempts) {
    // The counted attempts include this one, which was open until now.
    await failCourse(tx, attempt.enrollmentId, attempt.courseId, submittedAt);
  }
  return questions;
}

/** A course whose quiz attempts ran out: FAILED until an administrator resets the attempts. */
async function failCourse(tx: EntityManager, enrollmentId: string, courseId: string, now: Date) {
  await kysely(tx)
    .insertInto('course_progress')
    .values({
      id: sql<string>`gen_random_uuid()`,
      enrollment_id: enrollmentId,
      course_id: courseId,
      status: 'NOT_STARTED',
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['enrollment_id', 'course_id']).doNothing())
    .execute();
  const changed = await kysely(tx)
    .updateTable('course_progress')
    .set({ status: 'FAILED', updated_at: now })
    .where('enrollment_id', '=', enrollmentId)
    .where('course_id', '=', courseId)
    .where('status', 'in', ['NOT_STARTED', 'IN_PROGRESS'])
    .returning('id')
    .execute();
  if (changed.length > 0) await recomputeCompletion(tx, { enrollmentIds: [enrollmentId] }, now);
}

/**
 * Closes the learner's open attempt at a quiz when its deadline (with the grace period) has
 * passed: it is graded with the answers saved by then, as submitted at its deadline.
 */
async function closeExpired(
  tx: EntityManager,
  userId: string,
  quizId: string,
  now: Date,
): Promise<void> {
  const graceMs = QUIZ_SUBMIT_GRACE_SECONDS * 1000;
  const row = await kysely(tx)
    .selectFrom('quiz_attempt')
    .select('id')
    .where('user_id', '=', userId)
    .where('quiz_id', '=', quizId)
    .where('submitted_at', 'is', null)
    .where('deadline', '<', new Date(now.getTime() - graceMs))
    .executeTakeFirst();
  if (!row) return;
  const attempt = await attemptContext(tx, userId, row.id);
  await grade(tx, attempt, attempt.answers, attempt.deadline ?? now, { closing: true });
}

// ---------------------------------------------------------------------------------------------
// Procedures.

/** The open attempt of the learner at the quiz, if any (after closing an expired one). */
async function openAttempt(
  em: EntityManager,
  userId: string,
  quizId: string,
): Promise<AttemptRow | null> {
  const row = await kysely(em)
    .selectFrom('quiz_attempt as a')
    .select(ATTEMPT_COLUMNS)
    .where('user_id', '=', userId)
    .where('quiz_id', '=', quizId)
    .where('submitted_at', 'is', null)
    .executeTakeFirst();
  return row ? toAttemptRow(row) : null;
}

/**
 * Starts an attempt at the course's quiz, or returns the open one. Under the enrolment's row
 * lock (taken after a shared lock on the track, which keeps a quiz edit out while the questions
 * are copied), so concurrent starts see each other's attempts: the cap and the cooldown hold.
 * Draws the questions (unseen first) and copies them with their keys into the attempt.
 */
export async function startAttempt(
  em: EntityManager,
  user: SessionUser,
  courseId: string,
  now: Date,
): Promise<AttemptDto> {
  return em.transactional(async (tx) => {
    const first = await quizOfCourse(tx, user.id, courseId);
    await kysely(tx)
      .selectFrom('track')
      .select('id')
      .where('id', '=', first.trackId)
      .forShare()
      .execute();
    await closeExpired(tx, user.id, first.quizId, now);
    await kysely(tx)
      .selectFrom('enrollment')
      .select('id')
      .where('id', '=', first.enrollmentId)
      .forUpdate()
      .execute();
    // Read again under the locks: an expired attempt may just have completed or failed the course.
    const quiz = await quizOfCourse(tx, user.id, courseId);
    const open = await openAttempt(tx, user.id, quiz.quizId);
    if (open) {
      return toAttemptDto(open, courseId, await attemptQuestions(tx, open.id), now, true);
    }
    const counts = await attemptCounts(tx, user.id, quiz.quizId);
    const allowed = eligibility(quiz, counts, now);
    if (allowed.blockedBy === 'ALREADY_PASSED') {
      fail('QUIZ.ALREADY_PASSED', 'You have passed this quiz already');
    } else if (allowed.blockedBy === 'NO_ATTEMPTS_LEFT') {
      fail('QUIZ.NO_ATTEMPTS_LEFT', 'You have no attempts left; an administrator can reset them');
    } else if (allowed.blockedBy === 'COOLDOWN') {
      fail(
        'QUIZ.COOLDOWN',
        `You can try again at ${allowed.cooldownEndsAt?.toISOString() ?? 'a later time'}`,
      );
    }

    const pool = await kysely(tx)
      .selectFrom('quiz_question as qq')
      .innerJoin('quiz_answer_key as k', 'k.question_id', 'qq.id')
      .select([
        'qq.id',
        'qq.type',
        'qq.prompt',
        'qq.options',
        'k.correct_option_ids as correctOptionIds',
      ])
      .where('qq.quiz_id', '=', quiz.quizId)
      .orderBy('qq.position')
      .execute();
    const seen = await kysely(tx)
      .selectFrom('quiz_attempt_question as aq')
      .innerJoin('quiz_attempt as a', 'a.id', 'aq.attempt_id')
      .select('aq.question_id as id')
      .distinct()
      .where('a.user_id', '=', user.id)
      .where('a.quiz_id', '=', quiz.quizId)
      .execute();
    const drawn = drawQuestions({
      questionIds: pool.map((q) => q.id),
      seenIds: seen.map((s) => s.id),
      poolSize: quiz.poolSize,
      seed: randomInt(0x1_0000_0000),
    });
    const byId = new Map(pool.map((q) => [q.id, q]));
    const chosen = drawn.map((id) => byId.get(id) ?? fail('QUIZ.NOT_FOUND', 'No such question'));

    const deadline = attemptDeadline(now, quiz.timeLimitMinutes);
    const inserted = await kysely(tx)
      .insertInto('quiz_attempt')
      .values({
        id: sql<string>`gen_random_uuid()`,
        user_id: user.id,
        quiz_id: quiz.quizId,
        enrollment_id: quiz.enrollmentId,
        attempt_number: counts.lastNumber + 1,
        started_at: now,
        deadline,
        passing_score: quiz.passingScore,
        total_questions: chosen.length,
        answers: '[]' as unknown as AttemptAnswer[],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const attempt: AttemptRow = {
      id: inserted.id,
      userId: user.id,
      quizId: quiz.quizId,
      enrollmentId: quiz.enrollmentId,
      attemptNumber: counts.lastNumber + 1,
      startedAt: now,
      deadline,
      passingScore: quiz.passingScore,
      totalQuestions: chosen.length,
      answers: [],
      submittedAt: null,
      autoSubmitted: false,
      correctCount: null,
      scorePercent: null,
      passed: null,
      questionResults: null,
      resetAt: null,
    };
    await kysely(tx)
      .insertInto('quiz_attempt_question')
      .values(
        chosen.map((q, index) => ({
          attempt_id: attempt.id,
          question_id: q.id,
          position: index + 1,
          type: q.type,
          prompt: q.prompt,
          options: JSON.stringify(q.options) as unknown as QuestionOption[],
        })),
      )
      .execute();
    await kysely(tx)
      .insertInto('quiz_attempt_key')
      .values(
        chosen.map((q) => ({
          attempt_id: attempt.id,
          question_id: q.id,
          correct_option_ids: q.correctOptionIds,
        })),
      )
      .execute();
    await advanceCourse(tx, quiz.enrollmentId, courseId, 'IN_PROGRESS', now);
    const questions: SnapshotQuestion[] = chosen.map((q, index) => ({
      id: q.id,
      position: index + 1,
      type: q.type,
      prompt: q.prompt,
      options: q.options,
    }));
    return toAttemptDto(attempt, courseId, questions, now, false);
  });
}

/**
 * Keeps the learner's answers of an open attempt as they go (each call replaces them), so a
 * reload or a lost connection loses nothing. Refused once the attempt is submitted or past its
 * deadline; answers to questions outside the attempt are a BAD_REQUEST.
 */
export async function saveAnswers(
  em: EntityManager,
  user: SessionUser,
  input: SaveAnswersInput,
  now: Date,
): Promise<SaveAnswersResultDto> {
  const attempt = await attemptContext(em, user.id, input.attemptId);
  if (attempt.submittedAt !== null) fail('QUIZ.ATTEMPT_CLOSED', 'This attempt is submitted');
  if (!inTime(attempt.deadline, now))
    fail('QUIZ.DEADLINE_PASSED', 'The time for this attempt is up');
  const questions = await attemptQuestions(em, attempt.id);
  const selected = checkAnswers(
    questions.map((q) => ({ id: q.id, optionIds: q.options.map((o) => o.id) })),
    input.answers,
  );
  const answers: AttemptAnswer[] = [...selected].map(([questionId, options]) => ({
    questionId,
    selectedOptionIds: [...options],
  }));
  const graceMs = QUIZ_SUBMIT_GRACE_SECONDS * 1000;
  const saved = await kysely(em)
    .updateTable('quiz_attempt')
    .set({ answers: JSON.stringify(answers) as unknown as AttemptAnswer[] })
    .where('id', '=', attempt.id)
    .where('submitted_at', 'is', null)
    .where((eb) =>
      eb.or([eb('deadline', 'is', null), eb('deadline', '>=', new Date(now.getTime() - graceMs))]),
    )
    .returning('id')
    .executeTakeFirst();
  if (!saved) fail('QUIZ.ATTEMPT_CLOSED', 'This attempt is closed');
  return { attemptId: attempt.id, answered: answers.length, savedAt: now.toISOString() };
}

/**
 * Submits an attempt (with these answers, or the ones saved so far). The first submit grades
 * it; a repeated or concurrent submit returns that first result and changes nothing. A submit
 * after the deadline (and its grace period) is refused — the attempt is then closed with the
 * answers saved in time.
 */
export async function submitAttempt(
  em: EntityManager,
  user: SessionUser,
  input: SubmitAttemptInput,
  now: Date,
): Promise<AttemptResultDto> {
  const attempt = await attemptContext(em, user.id, input.attemptId);
  if (attempt.submittedAt !== null) return toResult(em, attempt, null, now);
  if (!inTime(attempt.deadline, now)) {
    await em.transactional((tx) => closeExpired(tx, user.id, attempt.quizId, now));
    return fail(
      'QUIZ.DEADLINE_PASSED',
      'The time for this attempt was up; your saved answers were graded',
    );
  }
  const questions = await em.transactional((tx) =>
    grade(tx, attempt, input.answers ?? attempt.answers, now, { closing: false, now }),
  );
  // Whoever graded it (this call, a concurrent one, or the deadline), the stored result stands.
  return toResult(em, await attemptContext(em, user.id, input.attemptId), questions, now);
}

/** The result of one of the caller's submitted attempts. */
export async function attemptResult(
  em: EntityManager,
  user: SessionUser,
  attemptId: string,
  now: Date,
): Promise<AttemptResultDto> {
  let attempt = await attemptContext(em, user.id, attemptId);
  if (attempt.submittedAt === null && !inTime(attempt.deadline, now)) {
    const quizId = attempt.quizId;
    await em.transactional((tx) => closeExpired(tx, user.id, quizId, now));
    attempt = await attemptContext(em, user.id, attemptId);
  }
  return toResult(em, attempt, null, now);
}

/**
 * A submitted attempt's result, built from its stored row alone (so every caller gets the same
 * answer): attempts left and the cooldown as of now, and the per-question review only as the
 * quiz's review policy allows (`questions` saves reading them again).
 */
async function toResult(
  em: EntityManager,
  attempt: AttemptContext,
  questions: SnapshotQuestion[] | null,
  now: Date,
): Promise<AttemptResultDto> {
  if (attempt.submittedAt === null) return fail('QUIZ.NOT_SUBMITTED', 'This attempt is still open');
  const allowed = eligibility(attempt, attempt.counts, now);
  const passed = attempt.passed === true;
  const visible = reviewVisible({
    policy: attempt.reviewPolicy,
    passed,
    attemptsLeft: attempt.resetAt !== null ? 0 : allowed.attemptsLeft,
  });
  let review: AttemptResultDto['review'] = null;
  if (visible) {
    const correct = new Map((attempt.questionResults ?? []).map((r) => [r.questionId, r.correct]));
    const answers = new Map(attempt.answers.map((a) => [a.questionId, a.selectedOptionIds]));
    review = (questions ?? (await attemptQuestions(em, attempt.id))).map((q) => ({
      id: q.id,
      position: q.position,
      type: q.type,
      prompt: q.prompt,
      options: q.options.map((o) => ({ id: o.id, text: o.text })),
      selectedOptionIds: answers.get(q.id) ?? [],
      correct: correct.get(q.id) ?? false,
    }));
  }
  return {
    attemptId: attempt.id,
    attemptNumber: attempt.attemptNumber,
    courseId: attempt.courseId,
    submittedAt: attempt.submittedAt.toISOString(),
    autoSubmitted: attempt.autoSubmitted,
    scorePercent: attempt.scorePercent ?? 0,
    passed,
    requiredScore: attempt.passingScore,
    correctCount: attempt.correctCount ?? 0,
    totalQuestions: attempt.totalQuestions,
    review,
    attemptsLeft: allowed.attemptsLeft,
    cooldownEndsAt: isoOrNull(allowed.cooldownEndsAt),
    courseStatus: attempt.courseStatus,
  };
}

/**
 * Everything the quiz page of a course shows: the quiz's rules, whether the learner may start
 * (and why not), attempts used and left, the cooldown, the open attempt to resume, and the
 * attempts so far. An attempt left open past its deadline is closed first.
 */
export async function quizStatus(
  em: EntityManager,
  user: SessionUser,
  courseId: string,
  now: Date,
): Promise<QuizStatusDto> {
  const first = await quizOfCourse(em, user.id, courseId);
  const expired = await kysely(em)
    .selectFrom('quiz_attempt')
    .select('id')
    .where('user_id', '=', user.id)
    .where('quiz_id', '=', first.quizId)
    .where('submitted_at', 'is', null)
    .where('deadline', '<', new Date(now.getTime() - QUIZ_SUBMIT_GRACE_SECONDS * 1000))
    .executeTakeFirst();
  if (expired) await em.transactional((tx) => closeExpired(tx, user.id, first.quizId, now));
  const quiz = expired ? await quizOfCourse(em, user.id, courseId) : first;
  const counts = await attemptCounts(em, user.id, quiz.quizId);
  const allowed = eligibility(quiz, counts, now);
  const open = await openAttempt(em, user.id, quiz.quizId);
  const attempts = await kysely(em)
    .selectFrom('quiz_attempt as a')
    .select(ATTEMPT_COLUMNS)
    .where('user_id', '=', user.id)
    .where('quiz_id', '=', quiz.quizId)
    .orderBy('attempt_number', 'desc')
    .execute();
  return {
    courseId,
    courseName: quiz.courseName,
    trackId: quiz.trackId,
    quiz: {
      passingScore: quiz.passingScore,
      maxAttempts: quiz.maxAttempts,
      cooldownMinutes: quiz.cooldownMinutes,
      timeLimitMinutes: quiz.timeLimitMinutes,
      questionsPerAttempt: Math.min(quiz.poolSize ?? quiz.questionCount, quiz.questionCount),
      reviewPolicy: quiz.reviewPolicy,
    },
    courseStatus: quiz.courseStatus,
    canStart: open !== null || allowed.canStart,
    blockedBy: open !== null ? null : allowed.blockedBy,
    attemptsUsed: counts.used,
    attemptsLeft: allowed.attemptsLeft,
    cooldownEndsAt: isoOrNull(allowed.cooldownEndsAt),
    openAttempt: open
      ? toAttemptDto(open, courseId, await attemptQuestions(em, open.id), now, true)
      : null,
    attempts: attempts.map(toAttemptRow).map((a) => ({
      attemptId: a.id,
      attemptNumber: a.attemptNumber,
      startedAt: a.startedAt.toISOString(),
      submittedAt: isoOrNull(a.submittedAt),
      scorePercent: a.scorePercent,
      passed: a.passed,
      autoSubmitted: a.autoSubmitted,
      reset: a.resetAt !== null,
    })),
    serverTime: now.toISOString(),
  };
}

/**
 * Resets a learner's attempts at a course's quiz: the submitted attempts stop counting towards
 * the cap and the cooldown (they stay as history), and a FAILED course is open again. Staff,
 * or a client admin for a learner of their own organisation (anyone else: USER.NOT_FOUND). The
 * reason is written to the audit log with the attempts reset.
 */
export async function resetAttempts(
  em: EntityManager,
  actor: SessionUser,
  scope: Scope,
  input: ResetAttemptsInput,
  now: Date,
): Promise<ResetAttemptsResultDto> {
  const learner = await kysely(em)
    .selectFrom('app_user')
    .select(['id', 'organization_id as organizationId'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!learner) return fail('USER.NOT_FOUND', 'No such user');
  if (scope.kind === 'organization' && learner.organizationId !== scope.organizationId) {
    return outsideScope(em, scope, 'USER.NOT_FOUND', 'No such user', {
      targetType: 'user',
      targetId: input.userId,
    });
  }
  return em.transactional(async (tx) => {
    const quiz = await quizOfCourse(tx, input.userId, input.courseId);
    await closeExpired(tx, input.userId, quiz.quizId, now);
    const reset = await kysely(tx)
      .updateTable('quiz_attempt')
      .set({ reset_at: now })
      .where('user_id', '=', input.userId)
      .where('quiz_id', '=', quiz.quizId)
      .where('reset_at', 'is', null)
      .where('submitted_at', 'is not', null)
      .returning('id')
      .execute();
    const reopened = await kysely(tx)
      .updateTable('course_progress')
      .set({ status: 'IN_PROGRESS', updated_at: now })
      .where('enrollment_id', '=', quiz.enrollmentId)
      .where('course_id', '=', input.courseId)
      .where('status', '=', 'FAILED')
      .returning('status')
      .execute();
    if (reopened.length > 0) {
      await recomputeCompletion(tx, { enrollmentIds: [quiz.enrollmentId] }, now);
    }
    await audit(tx, actor.id, 'quiz.attempts_reset', {
      targetType: 'user',
      targetId: input.userId,
      details: {
        courseId: input.courseId,
        quizId: quiz.quizId,
        reason: input.reason,
        attemptsReset: reset.length,
      },
    });
    const after = await quizOfCourse(tx, input.userId, input.courseId);
    return {
      userId: input.userId,
      courseId: input.courseId,
      attemptsReset: reset.length,
      courseStatus: after.courseStatus,
    };
  });
}
