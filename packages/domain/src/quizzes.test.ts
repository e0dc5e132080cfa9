import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAnswers } from './grading.ts';
import { attemptDeadline, attemptEligibility, drawQuestions, reviewVisible } from './quizzes.ts';

const domainError = (code: string) => expect.objectContaining({ name: 'DomainError', code });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `q${String(i + 1)}`);

describe('drawQuestions', () => {
  it('draws the pool size, unseen questions first, each at most once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
        fc.nat({ max: 0xffff_ffff }),
        (total, seenCount, poolSize, seed) => {
          const questionIds = ids(total);
          const seenIds = questionIds.slice(0, Math.min(seenCount, total));
          const drawn = drawQuestions({ questionIds, seenIds, poolSize, seed });
          const count = Math.min(poolSize ?? total, total);
          expect(drawn).toHaveLength(count);
          expect(new Set(drawn).size).toBe(count);
          for (const id of drawn) expect(questionIds).toContain(id);
          const unseen = total - seenIds.length;
          const drawnUnseen = drawn.filter((id) => !seenIds.includes(id)).length;
          expect(drawnUnseen).toBe(Math.min(unseen, count));
        },
      ),
    );
  });

  it('gives the same draw and order for the same seed, and varies with the seed', () => {
    const input = { questionIds: ids(20), seenIds: [], poolSize: 10 };
    expect(drawQuestions({ ...input, seed: 7 })).toEqual(drawQuestions({ ...input, seed: 7 }));
    const draws = new Set(
      Array.from({ length: 20 }, (_, seed) => drawQuestions({ ...input, seed }).join()),
    );
    expect(draws.size).toBeGreaterThan(15);
  });

  it('does not always put the unseen questions first', () => {
    const orders = Array.from({ length: 50 }, (_, seed) =>
      drawQuestions({ questionIds: ids(4), seenIds: ['q1', 'q2'], poolSize: null, seed }),
    );
    expect(orders.some((o) => o[0] === 'q1' || o[0] === 'q2')).toBe(true);
  });

  it.each([
    [{ questionIds: [], seenIds: [], poolSize: null, seed: 1 }, 'QUIZ.EMPTY'],
    [{ questionIds: ['a', 'a'], seenIds: [], poolSize: null, seed: 1 }, 'QUIZ.INVALID_QUESTION'],
    [{ questionIds: ['a'], seenIds: [], poolSize: 0, seed: 1 }, 'QUIZ.INVALID_DRAW'],
    [{ questionIds: ['a'], seenIds: [], poolSize: null, seed: -1 }, 'QUIZ.INVALID_DRAW'],
    [{ questionIds: ['a'], seenIds: [], poolSize: null, seed: 2 ** 32 }, 'QUIZ.INVALID_DRAW'],
    [{ questionIds: ['a'], seenIds: [], poolSize: null, seed: 1.5 }, 'QUIZ.INVALID_DRAW'],
  ])('refuses %j with %s', (input, code) => {
    expect(() => drawQuestions(input)).toThrow(domainError(code));
  });
});

describe('attemptDeadline', () => {
  it('adds the time limit, or gives none', () => {
    const start = new Date('2026-03-01T10:00:00Z');
    expect(attemptDeadline(start, 30)).toEqual(new Date('2026-03-01T10:30:00Z'));
    expect(attemptDeadline(start, null)).toBeNull();
  });
});

describe('attemptEligibility', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const base = {
    now,
    maxAttempts: 3,
    cooldownMinutes: 60,
    attemptsUsed: 0,
    lastSubmittedAt: null,
    passed: false,
    failed: false,
  };

  it.each([
    ['a first attempt', {}, true, null, 3, null],
    ['unlimited attempts', { maxAttempts: null, attemptsUsed: 9 }, true, null, null, null],
    ['attempts left', { attemptsUsed: 2 }, true, null, 1, null],
    ['the cap reached', { attemptsUsed: 3 }, false, 'NO_ATTEMPTS_LEFT', 0, null],
    ['over the cap (after a lowered cap)', { attemptsUsed: 5 }, false, 'NO_ATTEMPTS_LEFT', 0, null],
    [
      'a running cooldown',
      { attemptsUsed: 1, lastSubmittedAt: new Date('2026-03-01T11:30:00Z') },
      false,
      'COOLDOWN',
      2,
      new Date('2026-03-01T12:30:00Z'),
    ],
    [
      'a cooldown ending exactly now',
      { attemptsUsed: 1, lastSubmittedAt: new Date('2026-03-01T11:00:00Z') },
      true,
      null,
      2,
      null,
    ],
    [
      'no cooldown configured',
      { cooldownMinutes: null, attemptsUsed: 1, lastSubmittedAt: now },
      true,
      null,
      2,
      null,
    ],
    ['a failed course', { attemptsUsed: 1, failed: true }, false, 'NO_ATTEMPTS_LEFT', 0, null],
    [
      'a failed course after the cap was raised',
      { maxAttempts: 10, attemptsUsed: 3, failed: true },
      false,
      'NO_ATTEMPTS_LEFT',
      0,
      null,
    ],
    ['a passed quiz', { attemptsUsed: 1, passed: true }, false, 'ALREADY_PASSED', 2, null],
  ])('%s', (_name, overrides, canStart, blockedBy, attemptsLeft, cooldownEndsAt) => {
    expect(attemptEligibility({ ...base, ...overrides })).toEqual({
      canStart,
      blockedBy,
      attemptsLeft,
      cooldownEndsAt,
    });
  });

  it('refuses an invalid clock or count', () => {
    expect(() => attemptEligibility({ ...base, now: new Date('x') })).toThrow(
      domainError('QUIZ.INVALID_DATE'),
    );
    expect(() => attemptEligibility({ ...base, attemptsUsed: -1 })).toThrow(
      domainError('QUIZ.INVALID_COUNT'),
    );
  });
});

describe('reviewVisible', () => {
  it.each([
    ['ALWAYS', false, 0, true],
    ['NEVER', true, 2, false],
    ['AFTER_PASS', true, 0, true],
    ['AFTER_PASS', false, 2, false],
    ['NEVER_AFTER_FINAL_FAIL', false, 0, false],
    ['NEVER_AFTER_FINAL_FAIL', false, 1, true],
    ['NEVER_AFTER_FINAL_FAIL', false, null, true],
    ['NEVER_AFTER_FINAL_FAIL', true, 0, true],
  ] as const)('%s, passed %s, %s left -> %s', (policy, passed, attemptsLeft, visible) => {
    expect(reviewVisible({ policy, passed, attemptsLeft })).toBe(visible);
  });
});

describe('checkAnswers', () => {
  const questions = [
    { id: 'q1', optionIds: ['a', 'b'] },
    { id: 'q2', optionIds: ['a', 'b', 'c'] },
  ];

  it('returns the selected options per question, duplicates collapsed', () => {
    const selected = checkAnswers(questions, [{ questionId: 'q2', selectedOptionIds: ['c', 'c'] }]);
    expect([...selected]).toEqual([['q2', new Set(['c'])]]);
  });

  it.each([
    [[{ questionId: 'q9', selectedOptionIds: ['a'] }]],
    [[{ questionId: 'q1', selectedOptionIds: ['z'] }]],
    [
      [
        { questionId: 'q1', selectedOptionIds: ['a'] },
        { questionId: 'q1', selectedOptionIds: ['b'] },
      ],
    ],
  ])('refuses %j', (answers) => {
    expect(() => checkAnswers(questions, answers)).toThrow(domainError('QUIZ.INVALID_ANSWER'));
  });
});
