import { DEFAULT_PASSING_SCORE } from './constants.ts';
import { DomainError } from './errors.ts';

export interface GradeQuestion {
  id: string;
  optionIds: readonly string[];
  correctOptionIds: readonly string[];
}

export interface GradeAnswer {
  questionId: string;
  selectedOptionIds: readonly string[];
}

export interface GradeAttemptInput {
  questions: readonly GradeQuestion[];
  answers: readonly GradeAnswer[];
  /** Percent, default {@link DEFAULT_PASSING_SCORE}. */
  passingScore?: number;
}

export interface GradeResult {
  correctCount: number;
  totalQuestions: number;
  /** floor(correct * 100 / total) */
  scorePercent: number;
  /** correct * 100 >= passingScore * total */
  passed: boolean;
  /** The passing score used. */
  requiredScore: number;
  /** In question order. */
  perQuestion: { questionId: string; correct: boolean }[];
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * Grades one attempt (docs/product-rules.md): a question is correct only when the set of selected
 * option ids equals the set of correct ids; order and duplicates within one answer are
 * ignored and unanswered questions are wrong.
 *
 * Throws `QUIZ.EMPTY` (no questions), `QUIZ.INVALID_PASSING_SCORE` (not a number in
 * [0, 100]), `QUIZ.INVALID_QUESTION` (duplicate question id, or a correct id that is not
 * one of the question's options — the key could never be matched), and
 * `QUIZ.INVALID_ANSWER` (unknown question, unknown option, two answers for one question).
 */
export function gradeAttempt(input: GradeAttemptInput): GradeResult {
  const { questions, answers } = input;
  const passingScore = input.passingScore ?? DEFAULT_PASSING_SCORE;

  if (questions.length === 0) throw new DomainError('QUIZ.EMPTY', 'The quiz has no questions');
  if (
    typeof passingScore !== 'number' ||
    !Number.isFinite(passingScore) ||
    passingScore < 0 ||
    passingScore > 100
  ) {
    throw new DomainError(
      'QUIZ.INVALID_PASSING_SCORE',
      `Passing score must be a percent in [0, 100], got ${String(passingScore)}`,
    );
  }

  const byId = new Map<string, { options: ReadonlySet<string>; correct: ReadonlySet<string> }>();
  for (const q of questions) {
    if (byId.has(q.id)) {
      throw new DomainError('QUIZ.INVALID_QUESTION', `Duplicate question ${q.id}`);
    }
    const options = new Set(q.optionIds);
    const correct = new Set(q.correctOptionIds);
    for (const c of correct) {
      if (!options.has(c)) {
        throw new DomainError(
          'QUIZ.INVALID_QUESTION',
          `Correct option ${c} is not an option of question ${q.id}`,
        );
      }
    }
    byId.set(q.id, { options, correct });
  }

  // Every answer is checked before any is graded, so a bad request grades nothing.
  const selectedByQuestion = checkAnswers(questions, answers);

  const perQuestion = questions.map((q) => {
    const selected = selectedByQuestion.get(q.id);
    const key = byId.get(q.id);
    return {
      questionId: q.id,
      correct: selected !== undefined && key !== undefined && sameSet(selected, key.correct),
    };
  });
  const correctCount = perQuestion.filter((r) => r.correct).length;
  const totalQuestions = questions.length;

  return {
    correctCount,
    totalQuestions,
    scorePercent: Math.floor((correctCount * 100) / totalQuestions),
    // Compared as products, not percentages, so 8/10 passes at 80 without rounding.
    passed: correctCount * 100 >= passingScore * totalQuestions,
    requiredScore: passingScore,
    perQuestion,
  };
}

/**
 * Checks answers against the questions of an attempt and returns the selected options per
 * question (duplicates within one answer collapse). Keys are not needed, so the API also uses
 * it to validate answers a learner saves before submitting.
 *
 * Throws `QUIZ.INVALID_ANSWER` for an answer to a question that is not in the attempt, an
 * option that is not one of its question's, or two answers for one question.
 */
export function checkAnswers(
  questions: readonly { id: string; optionIds: readonly string[] }[],
  answers: readonly GradeAnswer[],
): Map<string, ReadonlySet<string>> {
  const options = new Map(questions.map((q) => [q.id, new Set(q.optionIds)]));
  const selectedByQuestion = new Map<string, ReadonlySet<string>>();
  for (const a of answers) {
    const known = options.get(a.questionId);
    if (!known) {
      throw new DomainError(
        'QUIZ.INVALID_ANSWER',
        `Question ${a.questionId} is not in the attempt`,
      );
    }
    if (selectedByQuestion.has(a.questionId)) {
      throw new DomainError('QUIZ.INVALID_ANSWER', `Two answers for question ${a.questionId}`);
    }
    const selected = new Set(a.selectedOptionIds);
    for (const s of selected) {
      if (!known.has(s)) {
        throw new DomainError(
          'QUIZ.INVALID_ANSWER',
          `Option ${s} is not an option of question ${a.questionId}`,
        );
      }
    }
    selectedByQuestion.set(a.questionId, selected);
  }
  return selectedByQuestion;
}
