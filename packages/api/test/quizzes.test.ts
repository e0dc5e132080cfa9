/**
 * Taking quizzes: starting (draw, resume, cap, cooldown), saving answers, grading exactly once,
 * deadlines, exhausted attempts and resets, and what a learner may see. R2, R3 and R5 are here.
 */
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveQuizInput } from '@credence/domain';
import type { SessionUser } from '../src/context.ts';
import { seedDemoData } from '../src/db/seed/index.ts';
import { toTRPCError } from '../src/errors.ts';
import type { Organization } from '../src/modules/organizations/entities.ts';
import {
  quizStatus,
  saveAnswers,
  startAttempt,
  submitAttempt,
} from '../src/modules/quizzes/service.ts';
import {
  callerFor,
  createTestDatabase,
  makeCourse,
  makeOrganization,
  makeStaff,
  makeTrack,
  makeUser,
  type TestDatabase,
} from '../src/testing/index.ts';

let db: TestDatabase;
let orgA: Organization;
let orgB: Organization;
let staff: SessionUser;
let adminA: SessionUser;
let adminB: SessionUser;

beforeAll(async () => {
  db = await createTestDatabase();
  orgA = await makeOrganization(db.em(), { name: 'Quiz Org A' });
  orgB = await makeOrganization(db.em(), { name: 'Quiz Org B' });
  staff = await makeStaff(db.em(), 'IMPLEMENTATION_MANAGER');
  adminA = await makeUser(db.em(), 'ADMIN', orgA);
  adminB = await makeUser(db.em(), 'ADMIN', orgB);
});
afterAll(() => db.close());

const api = (user: SessionUser | null) => callerFor(db.em(), user);

async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const cause = error.cause as { code?: unknown } | undefined;
    return { code: error.code, domain: cause?.code, message: error.message };
  }
  throw new Error('expected the call to fail');
}

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return db.em().execute<T[]>(query, params);
}

/** Question i: options right-i, wrong-i (and also-i for multi-select, which is also right). */
function questions(n: number): SaveQuizInput['questions'] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'SINGLE_CHOICE' as const,
    prompt: `Question ${String(i + 1)}?`,
    options: [
      { id: `right-${String(i + 1)}`, text: `Right ${String(i + 1)}` },
      { id: `wrong-${String(i + 1)}`, text: `Wrong ${String(i + 1)}` },
    ],
    correctOptionIds: [`right-${String(i + 1)}`],
  }));
}

type QuizSettings = Partial<Omit<SaveQuizInput, 'courseId' | 'questions'>> & { count?: number };

/** A track with one required course whose quiz has `count` questions, and an enrolled learner. */
async function setup(settings: QuizSettings = {}) {
  const { count = 5, ...rest } = settings;
  const track = await makeTrack(db.em(), { type: 'CLIENT_EMPLOYEE' });
  const course = await makeCourse(db.em(), track);
  await api(staff).catalog.saveQuiz({ courseId: course.id, questions: questions(count), ...rest });
  const learner = await makeUser(db.em(), 'EMPLOYEE', orgA);
  const { enrollment } = await api(learner).learning.enroll({ trackId: track.id });
  return { track, course, learner, enrollmentId: enrollment.id };
}

/** Answers every question of an attempt: the first `right` correctly, the others wrongly. */
function answer(
  attempt: { questions: { id: string; options: { id: string }[] }[] },
  right: number,
) {
  return attempt.questions.map((q, i) => ({
    questionId: q.id,
    selectedOptionIds: [
      q.options.find((o) => o.id.startsWith(i < right ? 'right-' : 'wrong-'))?.id ?? '',
    ],
  }));
}

async function courseStatus(enrollmentId: string, courseId: string) {
  const [row] = await sql<{ status: string }>(
    'select status from course_progress where enrollment_id = ? and course_id = ?',
    [enrollmentId, courseId],
  );
  return row?.status;
}

/**
 * R2: walks a response and fails on anything that looks like an answer key: a key-ish field
 * name, or a correct option id anywhere but in the options offered and the learner's own
 * selection.
 */
function expectNoKeys(value: unknown, correctIds: ReadonlySet<string>, path = '$'): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => expectNoKeys(item, correctIds, `${path}[${String(i)}]`));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      expect(key, `${path}.${key}`).not.toMatch(/correct.?option|answer.?key|^keys?$/i);
      if (key === 'options' || key === 'selectedOptionIds') {
        // Offered options carry only id and text; the learner's own choices may be right ones.
        if (key === 'options') {
          for (const option of child as object[])
            expect(Object.keys(option).toSorted()).toEqual(['id', 'text']);
        }
        continue;
      }
      expectNoKeys(child, correctIds, `${path}.${key}`);
    }
    return;
  }
  if (typeof value === 'string') expect(correctIds.has(value), `${path} = ${value}`).toBe(false);
}

describe('starting an attempt', () => {
  it('draws the questions in a stable order, resumes the open attempt, and shows no keys (R2)', async () => {
    const { course, learner, enrollmentId, track } = await setup({ count: 6, poolSize: 4 });
    const attempt = await api(learner).quizzes.start({ courseId: course.id });
    expect(attempt).toMatchObject({
      attemptNumber: 1,
      totalQuestions: 4,
      resumed: false,
      deadline: null,
    });
    expect(attempt.questions.map((q) => q.position)).toEqual([1, 2, 3, 4]);
    expect(await courseStatus(enrollmentId, course.id)).toBe('IN_PROGRESS');

    const again = await api(learner).quizzes.start({ courseId: course.id });
    expect(again).toMatchObject({ attemptId: attempt.attemptId, resumed: true });
    expect(again.questions).toEqual(attempt.questions);
    const status = await api(learner).quizzes.status({ courseId: course.id });
    expect(status.openAttempt?.questions).toEqual(attempt.questions);
    expect(status).toMatchObject({ attemptsUsed: 1, canStart: true, blockedBy: null });

    const keys = await sql<{ correct_option_ids: string[] }>(
      'select correct_option_ids from quiz_answer_key',
    );
    const correct = new Set(keys.flatMap((k) => k.correct_option_ids));
    await api(learner).quizzes.saveAnswers({
      attemptId: attempt.attemptId,
      answers: answer(attempt, 4),
    });
    const responses = [
      attempt,
      again,
      await api(learner).quizzes.status({ courseId: course.id }),
      await api(learner).learning.myTracks(),
      await api(learner).learning.progress({ enrollmentId }),
      await api(learner).catalog.getTrack({ id: track.id }),
      await api(learner).quizzes.submit({ attemptId: attempt.attemptId }),
      await api(learner).quizzes.result({ attemptId: attempt.attemptId }),
    ];
    for (const response of responses) expectNoKeys(response, correct);
  });

  it('draws unseen questions first in the next attempt', async () => {
    const { course, learner } = await setup({ count: 4, poolSize: 2 });
    const first = await api(learner).quizzes.start({ courseId: course.id });
    await api(learner).quizzes.submit({ attemptId: first.attemptId, answers: answer(first, 0) });
    const second = await api(learner).quizzes.start({ courseId: course.id });
    const firstIds = new Set(first.questions.map((q) => q.id));
    expect(second.questions.some((q) => firstIds.has(q.id))).toBe(false);
    expect(second.attemptNumber).toBe(2);
  });

  it('needs an enrolment in the track and a course with a quiz', async () => {
    const { course } = await setup();
    const stranger = await makeUser(db.em(), 'EMPLOYEE', orgA);
    expect(await failure(api(stranger).quizzes.start({ courseId: course.id }))).toMatchObject({
      code: 'NOT_FOUND',
      domain: 'ENROLLMENT.NOT_FOUND',
    });
    const track = await makeTrack(db.em());
    const plain = await makeCourse(db.em(), track);
    await api(stranger).learning.enroll({ trackId: track.id });
    expect(await failure(api(stranger).quizzes.start({ courseId: plain.id }))).toMatchObject({
      code: 'NOT_FOUND',
      domain: 'QUIZ.NOT_FOUND',
    });
  });

  it('waits for the cooldown after an attempt', async () => {
    const { course, learner } = await setup({ cooldownMinutes: 60 });
    const t0 = new Date('2030-01-01T10:00:00Z');
    const attempt = await startAttempt(db.em(), learner, course.id, t0);
    await submitAttempt(db.em(), learner, { attemptId: attempt.attemptId, answers: [] }, t0);
    const during = new Date('2030-01-01T10:59:00Z');
    await expect(startAttempt(db.em(), learner, course.id, during)).rejects.toMatchObject({
      code: 'QUIZ.COOLDOWN',
    });
    const status = await quizStatus(db.em(), learner, course.id, during);
    expect(status).toMatchObject({
      canStart: false,
      blockedBy: 'COOLDOWN',
      cooldownEndsAt: '2030-01-01T11:00:00.000Z',
    });
    const after = await startAttempt(db.em(), learner, course.id, new Date('2030-01-01T11:00:00Z'));
    expect(after.attemptNumber).toBe(2);
  });

  it('R5: 20 parallel starts and submits with a cap of 3 create at most 3 attempts', async () => {
    const { course, learner } = await setup({ maxAttempts: 3 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, async () => {
        const attempt = await api(learner).quizzes.start({ courseId: course.id });
        return api(learner).quizzes.submit({ attemptId: attempt.attemptId, answers: [] });
      }),
    );
    const [row] = await sql<{ n: number }>(
      'select count(*)::int as n from quiz_attempt where user_id = ?',
      [learner.id],
    );
    expect(row?.n).toBe(3);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    for (const o of refused) {
      expect((o.reason as TRPCError).cause).toMatchObject({ code: 'QUIZ.NO_ATTEMPTS_LEFT' });
    }
  });
});

describe('submitting', () => {
  it('grades a passing attempt and completes the course and the track', async () => {
    const { course, learner, enrollmentId } = await setup({ count: 5 });
    const attempt = await api(learner).quizzes.start({ courseId: course.id });
    const result = await api(learner).quizzes.submit({
      attemptId: attempt.attemptId,
      answers: answer(attempt, 4),
    });
    expect(result).toMatchObject({
      passed: true,
      scorePercent: 80,
      requiredScore: 80,
      correctCount: 4,
      totalQuestions: 5,
      attemptsLeft: null,
      cooldownEndsAt: null,
      courseStatus: 'COMPLETED',
    });
    expect(result.review?.filter((q) => q.correct)).toHaveLength(4);
    const [enrollment] = await sql<{ completed_at: Date | null }>(
      'select completed_at from enrollment where id = ?',
      [enrollmentId],
    );
    expect(enrollment?.completed_at).not.toBeNull();
    expect(await failure(api(learner).quizzes.start({ courseId: course.id }))).toMatchObject({
      domain: 'QUIZ.ALREADY_PASSED',
    });
  });

  it('grades the answers saved so far when the submit carries none', async () => {
    const { course, learner } = await setup({ count: 2 });
    const attempt = await api(learner).quizzes.start({ courseId: course.id });
    const saved = await api(learner).quizzes.saveAnswers({
      attemptId: attempt.attemptId,
      answers: answer(attempt, 2),
    });
    expect(saved.answered).toBe(2);
    const reloaded = await api(learner).quizzes.start({ courseId: course.id });
    expect(reloaded.answers).toEqual(answer(attempt, 2));
    const result = await api(learner).quizzes.submit({ attemptId: attempt.attemptId });
    expect(result).toMatchObject({ passed: true, correctCount: 2 });
  });

  it('R3: 50 concurrent submits of one attempt give one grade, one completion, identical responses', async () => {
    const { course, learner, enrollmentId } = await setup({ count: 5 });
    const attempt = await api(learner).quizzes.start({ courseId: course.id });
    // Every submit carries different answers: only the first one to update the row counts.
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api(learner).quizzes.submit({
          attemptId: attempt.attemptId,
          answers: answer(attempt, 5 - (i % 2)),
        }),
      ),
    );
    for (const response of responses) expect(response).toEqual(responses[0]);
    const attempts = await sql<{ submitted_at: Date; correct_count: number }>(
      'select submitted_at, correct_count from quiz_attempt where user_id = ?',
      [learner.id],
    );
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.correct_count).toBe(responses[0]?.correctCount);
    const progress = await sql<{ status: string; completed_at: Date }>(
      'select status, completed_at from course_progress where enrollment_id = ? and course_id = ?',
      [enrollmentId, course.id],
    );
    expect(progress).toEqual([{ status: 'COMPLETED', completed_at: attempts[0]?.submitted_at }]);
    const again = await api(learner).quizzes.submit({ attemptId: attempt.attemptId, answers: [] });
    expect(again).toEqual(responses[0]);
  });

  it('refuses bad answers with BAD_REQUEST and records nothing', async () => {
    const { course, learner } = await setup({ count: 3 });
    const attempt = await api(learner).quizzes.start({ courseId: course.id });
    const [first, second] = attempt.questions;
    const other = await setup({ count: 1 });
    const foreign = await api(other.learner).quizzes.start({ courseId: other.course.id });
    const bad = [
      // a question that is not in the attempt
      [{ questionId: foreign.questions[0]?.id ?? '', selectedOptionIds: [] }],
      // an option that is not one of the question's
      [{ questionId: first?.id ?? '', selectedOptionIds: [second?.options[0]?.id ?? ''] }],
      // two answers for one question
      [
        { questionId: first?.id ?? '', selectedOptionIds: [first?.options[0]?.id ?? ''] },
        { questionId: first?.id ?? '', selectedOptionIds: [first?.options[1]?.id ?? ''] },
      ],
    ];
    const before = await db.rowCounts();
    const [attemptBefore] = await sql('select * from quiz_attempt where id = ?', [
      attempt.attemptId,
    ]);
    for (const answers of bad) {
      for (const call of [
        () => api(learner).quizzes.submit({ attemptId: attempt.attemptId, answers }),
        () => api(learner).quizzes.saveAnswers({ attemptId: attempt.attemptId, answers }),
      ]) {
        expect(await failure(call())).toMatchObject({
          code: 'BAD_REQUEST',
          domain: 'QUIZ.INVALID_ANSWER',
        });
      }
    }
    expect(await db.rowCounts()).toEqual(before);
    expect(await sql('select * from quiz_attempt where id = ?', [attempt.attemptId])).toEqual([
      attemptBefore,
    ]);
  });

  it("keeps other learners' attempts out of reach", async () => {
    const { course, learner } = await setup();
    const attempt = await api(learner).quizzes.start({ courseId: course.id });
    const other = await makeUser(db.em(), 'EMPLOYEE', orgA);
    for (const call of [
      () => api(other).quizzes.submit({ attemptId: attempt.attemptId, answers: [] }),
      () => api(other).quizzes.saveAnswers({ attemptId: attempt.attemptId, answers: [] }),
      () => api(other).quizzes.result({ attemptId: attempt.attemptId }),
      () => api(staff).quizzes.submit({ attemptId: attempt.attemptId, answers: [] }),
    ]) {
      expect(await failure(call())).toMatchObject({
        code: 'NOT_FOUND',
        domain: 'ATTEMPT.NOT_FOUND',
      });
    }
  });

  it('refuses a late submit and grades the answers saved in time', async () => {
    const { course, learner } = await setup({ count: 2, timeLimitMinutes: 10 });
    const t0 = new Date('2030-02-01T09:00:00Z');
    const attempt = await startAttempt(db.em(), learner, course.id, t0);
    expect(attempt.deadline).toBe('2030-02-01T09:10:00.000Z');
    await saveAnswers(
      db.em(),
      learner,
      { attemptId: attempt.attemptId, answers: answer(attempt, 1) },
      new Date('2030-02-01T09:05:00Z'),
    );
    const late = new Date('2030-02-01T09:10:31Z');
    await expect(
      submitAttempt(
        db.em(),
        learner,
        { attemptId: attempt.attemptId, answers: answer(attempt, 2) },
        late,
      ),
    ).rejects.toMatchObject({ code: 'QUIZ.DEADLINE_PASSED' });
    const [row] = await sql<{
      correct_count: number;
      auto_submitted: boolean;
      at_deadline: boolean;
    }>(
      `select correct_count, auto_submitted, submitted_at = deadline as at_deadline
         from quiz_attempt where id = ?`,
      [attempt.attemptId],
    );
    expect(row).toEqual({ correct_count: 1, auto_submitted: true, at_deadline: true });
  });

  it('accepts a submit within the grace period after the deadline', async () => {
    const { course, learner } = await setup({ count: 2, timeLimitMinutes: 10 });
    const t0 = new Date('2030-02-01T09:00:00Z');
    const attempt = await startAttempt(db.em(), learner, course.id, t0);
    const result = await submitAttempt(
      db.em(),
      learner,
      { attemptId: attempt.attemptId, answers: answer(attempt, 2) },
      new Date('2030-02-01T09:10:29Z'),
    );
    expect(result).toMatchObject({ passed: true, autoSubmitted: false });
  });
});

describe('exhausted attempts and resets', () => {
  it('fails the course when the attempts run out, hides the review, and a reset opens it again', async () => {
    const { course, learner, enrollmentId } = await setup({ count: 2, maxAttempts: 2 });
    const first = await api(learner).quizzes.start({ courseId: course.id });
    const r1 = await api(learner).quizzes.submit({
      attemptId: first.attemptId,
      answers: answer(first, 1),
    });
    expect(r1).toMatchObject({ passed: false, attemptsLeft: 1, courseStatus: 'IN_PROGRESS' });
    expect(r1.review).not.toBeNull();
    const second = await api(learner).quizzes.start({ courseId: course.id });
    const r2 = await api(learner).quizzes.submit({
      attemptId: second.attemptId,
      answers: answer(second, 1),
    });
    expect(r2).toMatchObject({
      passed: false,
      attemptsLeft: 0,
      courseStatus: 'FAILED',
      review: null,
    });
    expect(await courseStatus(enrollmentId, course.id)).toBe('FAILED');
    expect(await failure(api(learner).quizzes.start({ courseId: course.id }))).toMatchObject({
      domain: 'QUIZ.NO_ATTEMPTS_LEFT',
    });
    expect(
      await failure(api(learner).learning.completeCourse({ courseId: course.id })),
    ).toMatchObject({
      domain: 'COURSE.REQUIRES_QUIZ',
    });

    const reset = { userId: learner.id, courseId: course.id, reason: 'Asked for another try' };
    expect(await failure(api(adminB).quizzes.resetAttempts(reset))).toMatchObject({
      code: 'NOT_FOUND',
      domain: 'USER.NOT_FOUND',
    });
    expect(await failure(api(learner).quizzes.resetAttempts(reset))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await failure(api(adminA).quizzes.resetAttempts({ ...reset, reason: '' })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await api(adminA).quizzes.resetAttempts(reset)).toEqual({
      userId: learner.id,
      courseId: course.id,
      attemptsReset: 2,
      courseStatus: 'IN_PROGRESS',
    });
    const [audited] = await sql<{ actor_id: string; details: Record<string, unknown> }>(
      `select actor_id, details from audit_log where action = 'quiz.attempts_reset' and target_id = ?`,
      [learner.id],
    );
    expect(audited).toMatchObject({
      actor_id: adminA.id,
      details: { reason: 'Asked for another try', attemptsReset: 2 },
    });

    const status = await api(learner).quizzes.status({ courseId: course.id });
    expect(status).toMatchObject({ canStart: true, attemptsUsed: 0, attemptsLeft: 2 });
    expect(status.attempts.map((a) => a.reset)).toEqual([true, true]);
    const third = await api(learner).quizzes.start({ courseId: course.id });
    expect(third.attemptNumber).toBe(3);
    const r3 = await api(learner).quizzes.submit({
      attemptId: third.attemptId,
      answers: answer(third, 2),
    });
    expect(r3).toMatchObject({ passed: true, courseStatus: 'COMPLETED' });
    // The history keeps the reset attempts and their results.
    expect((await api(learner).quizzes.result({ attemptId: first.attemptId })).correctCount).toBe(
      1,
    );
  });
});

describe('editing a quiz', () => {
  it('never changes an open attempt or a past result', async () => {
    const { course, learner } = await setup({ count: 3 });
    const done = await api(learner).quizzes.start({ courseId: course.id });
    const past = await api(learner).quizzes.submit({
      attemptId: done.attemptId,
      answers: answer(done, 1),
    });
    const open = await api(learner).quizzes.start({ courseId: course.id });

    // Staff rewrite the quiz: other prompts, the keys flipped, a question fewer, a higher bar.
    const edited = questions(2).map((q, i) => ({
      ...q,
      prompt: `Rewritten ${String(i + 1)}?`,
      correctOptionIds: [`wrong-${String(i + 1)}`],
    }));
    await api(staff).catalog.saveQuiz({
      courseId: course.id,
      questions: edited,
      passingScore: 100,
    });

    const resumed = await api(learner).quizzes.start({ courseId: course.id });
    expect(resumed.questions).toEqual(open.questions);
    expect(resumed.passingScore).toBe(80);
    expect(await api(learner).quizzes.result({ attemptId: done.attemptId })).toEqual(past);
    const result = await api(learner).quizzes.submit({
      attemptId: open.attemptId,
      answers: answer(open, 3),
    });
    expect(result).toMatchObject({
      passed: true,
      correctCount: 3,
      totalQuestions: 3,
      requiredScore: 80,
    });
  });
});

describe('demo data', () => {
  it('has a learner who failed and then passed, and one whose attempts ran out', async () => {
    const demo = await createTestDatabase();
    try {
      expect(await seedDemoData(demo.em())).toBe(true);
      const rows = await demo.em().execute<{ email: string; passed: boolean; status: string }[]>(
        `select u.email, a.passed, cp.status
           from quiz_attempt a
           join app_user u on u.id = a.user_id
           join quiz q on q.id = a.quiz_id
           join course_progress cp on cp.enrollment_id = a.enrollment_id and cp.course_id = q.course_id
          order by u.email, a.attempt_number`,
      );
      expect(rows).toEqual([
        { email: 'employee@contoso.test', passed: false, status: 'COMPLETED' },
        { email: 'employee@contoso.test', passed: true, status: 'COMPLETED' },
        { email: 'investigator@contoso.test', passed: false, status: 'FAILED' },
        { email: 'investigator@contoso.test', passed: false, status: 'FAILED' },
        { email: 'investigator@contoso.test', passed: false, status: 'FAILED' },
      ]);
    } finally {
      await demo.close();
    }
  });
});

describe('deleting a quiz', () => {
  it('is refused with QUIZ.HAS_ATTEMPTS once learners have attempts', async () => {
    const { course, learner } = await setup();
    await api(learner).quizzes.start({ courseId: course.id });
    const error = await db
      .em()
      .execute('delete from quiz where course_id = ?', [course.id])
      .then(
        () => null,
        (e: unknown) => toTRPCError(e),
      );
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: 'CONFLICT', cause: { code: 'QUIZ.HAS_ATTEMPTS' } });
  });
});
