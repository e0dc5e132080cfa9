import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSING_SCORE } from './constants.ts';
import { gradeAttempt, type GradeAnswer, type GradeQuestion } from './grading.ts';

const domainError = (code: string) => expect.objectContaining({ name: 'DomainError', code });

/** n single-choice questions q1..qn with options a, b, c; `a` is correct. */
function singleChoice(n: number): GradeQuestion[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `q${String(i + 1)}`,
    optionIds: ['a', 'b', 'c'],
    correctOptionIds: ['a'],
  }));
}

/** Answers the first `right` questions correctly and the next `wrong` ones wrongly. */
function answers(right: number, wrong: number): GradeAnswer[] {
  return Array.from({ length: right + wrong }, (_, i) => ({
    questionId: `q${String(i + 1)}`,
    selectedOptionIds: [i < right ? 'a' : 'b'],
  }));
}

const multi: GradeQuestion = {
  id: 'm',
  optionIds: ['a', 'b', 'c', 'd'],
  correctOptionIds: ['a', 'c'],
};

describe('gradeAttempt: scoring', () => {
  it.each([
    // total, right, wrong (rest unanswered), passingScore, correctCount, scorePercent, passed
    [10, 8, 2, undefined, 8, 80, true],
    [10, 7, 3, undefined, 7, 70, false],
    [10, 10, 0, undefined, 10, 100, true],
    [10, 0, 10, undefined, 0, 0, false],
    [10, 8, 0, undefined, 8, 80, true],
    [10, 0, 0, undefined, 0, 0, false],
    [3, 2, 1, undefined, 2, 66, false],
    [3, 2, 1, 66, 2, 66, true],
    [3, 2, 1, 67, 2, 66, false],
    [3, 1, 0, undefined, 1, 33, false],
    [5, 4, 1, 80, 4, 80, true],
    [4, 0, 0, 0, 0, 0, true],
    [4, 3, 1, 100, 3, 75, false],
    [4, 4, 0, 100, 4, 100, true],
    [7, 6, 1, 85.7, 6, 85, true],
    [7, 6, 1, 85.8, 6, 85, false],
  ] as const)(
    '%i questions, %i right, %i wrong at %s%% -> %i correct, %i%%, passed %s',
    (total, right, wrong, passingScore, correctCount, scorePercent, passed) => {
      const result = gradeAttempt({
        questions: singleChoice(total),
        answers: answers(right, wrong),
        ...(passingScore === undefined ? {} : { passingScore }),
      });
      expect(result).toMatchObject({
        correctCount,
        totalQuestions: total,
        scorePercent,
        passed,
        requiredScore: passingScore ?? DEFAULT_PASSING_SCORE,
      });
    },
  );

  it.each([
    ['exact set', ['a', 'c'], true],
    ['other order', ['c', 'a'], true],
    ['duplicates', ['a', 'c', 'a', 'c'], true],
    ['a subset', ['a'], false],
    ['a superset', ['a', 'b', 'c'], false],
    ['a disjoint set', ['b', 'd'], false],
    ['nothing selected', [], false],
  ])('multi-select is all-or-nothing: %s -> %s', (_, selectedOptionIds, correct) => {
    const result = gradeAttempt({
      questions: [multi],
      answers: [{ questionId: 'm', selectedOptionIds }],
    });
    expect(result.perQuestion).toEqual([{ questionId: 'm', correct }]);
    expect(result.correctCount).toBe(correct ? 1 : 0);
  });

  it('counts an empty selection as correct only when the key is empty', () => {
    const q: GradeQuestion = { id: 'none', optionIds: ['a', 'b'], correctOptionIds: [] };
    expect(
      gradeAttempt({ questions: [q], answers: [{ questionId: 'none', selectedOptionIds: [] }] })
        .correctCount,
    ).toBe(1);
    // Still wrong when not answered at all: missing answers are wrong.
    expect(gradeAttempt({ questions: [q], answers: [] }).correctCount).toBe(0);
  });

  it('reports perQuestion in question order, whatever the answer order', () => {
    const result = gradeAttempt({
      questions: singleChoice(3),
      answers: [
        { questionId: 'q3', selectedOptionIds: ['a'] },
        { questionId: 'q1', selectedOptionIds: ['b'] },
      ],
    });
    expect(result).toEqual({
      correctCount: 1,
      totalQuestions: 3,
      scorePercent: 33,
      passed: false,
      requiredScore: 80,
      perQuestion: [
        { questionId: 'q1', correct: false },
        { questionId: 'q2', correct: false },
        { questionId: 'q3', correct: true },
      ],
    });
  });
});

describe('gradeAttempt: invalid input', () => {
  const questions = [...singleChoice(2), multi];

  it.each([
    ['no questions', { questions: [], answers: [] }, 'QUIZ.EMPTY'],
    [
      'an unknown question',
      { questions, answers: [{ questionId: 'q9', selectedOptionIds: ['a'] }] },
      'QUIZ.INVALID_ANSWER',
    ],
    [
      'an unknown option',
      { questions, answers: [{ questionId: 'q1', selectedOptionIds: ['a', 'z'] }] },
      'QUIZ.INVALID_ANSWER',
    ],
    [
      "another question's option",
      { questions, answers: [{ questionId: 'q1', selectedOptionIds: ['d'] }] },
      'QUIZ.INVALID_ANSWER',
    ],
    [
      'two answers for one question',
      {
        questions,
        answers: [
          { questionId: 'q1', selectedOptionIds: ['a'] },
          { questionId: 'q1', selectedOptionIds: ['a'] },
        ],
      },
      'QUIZ.INVALID_ANSWER',
    ],
    [
      'a bad answer after good ones',
      {
        questions,
        answers: [
          { questionId: 'q1', selectedOptionIds: ['a'] },
          { questionId: 'q2', selectedOptionIds: ['x'] },
        ],
      },
      'QUIZ.INVALID_ANSWER',
    ],
    [
      'passing score above 100',
      { questions, answers: [], passingScore: 101 },
      'QUIZ.INVALID_PASSING_SCORE',
    ],
    [
      'negative passing score',
      { questions, answers: [], passingScore: -1 },
      'QUIZ.INVALID_PASSING_SCORE',
    ],
    [
      'NaN passing score',
      { questions, answers: [], passingScore: Number.NaN },
      'QUIZ.INVALID_PASSING_SCORE',
    ],
    [
      'duplicate question ids',
      { questions: [...singleChoice(1), ...singleChoice(1)], answers: [] },
      'QUIZ.INVALID_QUESTION',
    ],
    [
      'a correct id that is not an option',
      { questions: [{ id: 'q', optionIds: ['a'], correctOptionIds: ['b'] }], answers: [] },
      'QUIZ.INVALID_QUESTION',
    ],
  ])('throws for %s', (_, input, code) => {
    expect(() => gradeAttempt(input)).toThrow(domainError(code));
  });
});

/** A quiz of distinct questions with distinct options, and a valid set of answers to it. */
const quizArb = fc
  .uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 6 }),
      optionIds: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), {
        minLength: 1,
        maxLength: 5,
      }),
      correctMask: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    }),
    { minLength: 1, maxLength: 12, selector: (q) => q.id },
  )
  .chain((raw) => {
    const questions: GradeQuestion[] = raw.map((q) => ({
      id: q.id,
      optionIds: q.optionIds,
      correctOptionIds: q.optionIds.filter((_, i) => q.correctMask[i] === true),
    }));
    const answerArb = fc.tuple(
      ...questions.map((q) =>
        fc.option(fc.oneof(fc.constant([...q.correctOptionIds]), fc.subarray([...q.optionIds])), {
          nil: undefined,
        }),
      ),
    );
    return fc.record({
      questions: fc.constant(questions),
      answers: answerArb.map((selections) =>
        questions.flatMap((q, i): GradeAnswer[] => {
          const selected = selections[i];
          return selected === undefined ? [] : [{ questionId: q.id, selectedOptionIds: selected }];
        }),
      ),
      passingScore: fc.integer({ min: 0, max: 100 }),
    });
  });

describe('gradeAttempt: properties', () => {
  it('keeps the score within [0, 100] and the correct count within the total', () => {
    fc.assert(
      fc.property(quizArb, (input) => {
        const r = gradeAttempt(input);
        expect(r.scorePercent).toBeGreaterThanOrEqual(0);
        expect(r.scorePercent).toBeLessThanOrEqual(100);
        expect(Number.isInteger(r.scorePercent)).toBe(true);
        expect(r.correctCount).toBeLessThanOrEqual(r.totalQuestions);
        expect(r.totalQuestions).toBe(input.questions.length);
        expect(r.correctCount).toBe(r.perQuestion.filter((q) => q.correct).length);
        expect(r.perQuestion.map((q) => q.questionId)).toEqual(input.questions.map((q) => q.id));
        expect(r.passed).toBe(r.correctCount * 100 >= input.passingScore * r.totalQuestions);
        expect(r.requiredScore).toBe(input.passingScore);
      }),
    );
  });

  it('is unchanged by permuting the answers or permuting and duplicating option ids', () => {
    fc.assert(
      fc.property(
        quizArb.chain((input) =>
          fc.record({
            input: fc.constant(input),
            order: fc.shuffledSubarray(input.answers, {
              minLength: input.answers.length,
              maxLength: input.answers.length,
            }),
            seeds: fc.array(fc.nat(), {
              minLength: input.answers.length,
              maxLength: input.answers.length,
            }),
          }),
        ),
        ({ input, order, seeds }) => {
          const scrambled = order.map((a, i) => {
            const seed = seeds[i] ?? 0;
            const ids = [...a.selectedOptionIds];
            // Rotate, reverse on odd seeds, and repeat some ids: a deterministic scramble.
            const rotated = ids.map((_, j) => ids[(j + seed) % ids.length] ?? '');
            const reordered = seed % 2 === 1 ? rotated.toReversed() : rotated;
            return {
              questionId: a.questionId,
              selectedOptionIds: [...reordered, ...ids.slice(0, seed % 3)],
            };
          });
          expect(gradeAttempt({ ...input, answers: scrambled })).toEqual(gradeAttempt(input));
        },
      ),
    );
  });

  it('gives full marks for the answer key', () => {
    fc.assert(
      fc.property(quizArb, ({ questions }) => {
        const key = questions.map((q) => ({
          questionId: q.id,
          selectedOptionIds: [...q.correctOptionIds],
        }));
        const r = gradeAttempt({ questions, answers: key });
        expect(r).toMatchObject({
          correctCount: questions.length,
          scorePercent: 100,
          passed: true,
        });
      }),
    );
  });
});
