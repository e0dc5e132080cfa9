import { DomainError } from './errors.ts';
import { isNonNegativeInteger, isValidDate } from './internal.ts';
import type { ReviewPolicy } from './schemas/catalog.ts';

/**
 * Seconds after a timed attempt's deadline during which a submit is still accepted: the
 * learner's page submits when its countdown reaches zero, and the request needs time to
 * arrive.
 */
export const QUIZ_SUBMIT_GRACE_SECONDS = 30;

const MAX_SEED = 0xffff_ffff;

/** A small, well-known 32-bit generator (mulberry32); the same seed gives the same draw. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export interface DrawQuestionsInput {
  /** The quiz's question ids. */
  questionIds: readonly string[];
  /** The ids this learner drew in earlier attempts of the quiz. */
  seenIds: readonly string[];
  /** How many to draw; null (or more than there are) draws them all. */
  poolSize: number | null;
  /** An unsigned 32-bit integer, the draw's only source of chance (the caller picks it). */
  seed: number;
}

/**
 * Draws the questions of one attempt (product.md §3): `poolSize` of the quiz's questions,
 * those the learner has not seen yet first, then seen ones; each group in random order, and the
 * drawn questions shuffled again so the unseen ones do not always come first. The result is the
 * attempt's question order. Deterministic in the seed.
 *
 * Throws `QUIZ.EMPTY` (no questions), `QUIZ.INVALID_QUESTION` (an id listed twice),
 * `QUIZ.INVALID_DRAW` (a pool size below 1 or a seed that is not an unsigned 32-bit integer).
 */
export function drawQuestions(input: DrawQuestionsInput): string[] {
  const { questionIds, poolSize, seed } = input;
  if (questionIds.length === 0) throw new DomainError('QUIZ.EMPTY', 'The quiz has no questions');
  if (new Set(questionIds).size !== questionIds.length) {
    throw new DomainError('QUIZ.INVALID_QUESTION', 'A question is listed twice');
  }
  if (poolSize !== null && (!isNonNegativeInteger(poolSize) || poolSize < 1)) {
    throw new DomainError('QUIZ.INVALID_DRAW', `Pool size must be at least 1, got ${poolSize}`);
  }
  if (!isNonNegativeInteger(seed) || seed > MAX_SEED) {
    throw new DomainError('QUIZ.INVALID_DRAW', 'The seed must be an unsigned 32-bit integer');
  }
  const random = generator(seed);
  const seen = new Set(input.seenIds);
  const unseen = shuffle(
    questionIds.filter((id) => !seen.has(id)),
    random,
  );
  const again = shuffle(
    questionIds.filter((id) => seen.has(id)),
    random,
  );
  const count = Math.min(poolSize ?? questionIds.length, questionIds.length);
  return shuffle([...unseen, ...again].slice(0, count), random);
}

/** When a timed attempt ends; null for an untimed quiz. */
export function attemptDeadline(startedAt: Date, timeLimitMinutes: number | null): Date | null {
  if (!isValidDate(startedAt)) throw new DomainError('QUIZ.INVALID_DATE', 'Invalid start time');
  if (timeLimitMinutes === null) return null;
  return new Date(startedAt.getTime() + timeLimitMinutes * 60_000);
}

export const ATTEMPT_BLOCKS = ['ALREADY_PASSED', 'NO_ATTEMPTS_LEFT', 'COOLDOWN'] as const;
export type AttemptBlock = (typeof ATTEMPT_BLOCKS)[number];

export interface AttemptEligibilityInput {
  now: Date;
  /** The quiz's cap; null for unlimited. */
  maxAttempts: number | null;
  /** Minutes between the end of one attempt and the start of the next; null for none. */
  cooldownMinutes: number | null;
  /** Attempts that count: every attempt (open or submitted) since the last reset. */
  attemptsUsed: number;
  /** When the latest counted attempt was submitted; null when there is none. */
  lastSubmittedAt: Date | null;
  /** A counted attempt passed (the course is completed). */
  passed: boolean;
  /** The course is FAILED: its attempts ran out and no administrator has reset them. */
  failed: boolean;
}

export interface AttemptEligibility {
  canStart: boolean;
  /** Why not, when `canStart` is false. */
  blockedBy: AttemptBlock | null;
  /** Attempts left before starting one; null for unlimited. */
  attemptsLeft: number | null;
  /** When the cooldown ends, while it runs; else null. */
  cooldownEndsAt: Date | null;
}

/**
 * Whether a learner may start an attempt now (product.md §3): not after passing, not when the
 * counted attempts reach the cap or the course is FAILED (until a reset, even if the cap was
 * raised since), not before the cooldown after the last attempt has run out.
 */
export function attemptEligibility(input: AttemptEligibilityInput): AttemptEligibility {
  const { now, maxAttempts, cooldownMinutes, attemptsUsed, lastSubmittedAt, passed, failed } =
    input;
  if (!isValidDate(now)) throw new DomainError('QUIZ.INVALID_DATE', 'Invalid current time');
  if (!isNonNegativeInteger(attemptsUsed)) {
    throw new DomainError('QUIZ.INVALID_COUNT', 'Attempts used must be a whole number');
  }
  const attemptsLeft = failed
    ? 0
    : maxAttempts === null
      ? null
      : Math.max(0, maxAttempts - attemptsUsed);
  const cooldownEnd =
    cooldownMinutes !== null && lastSubmittedAt !== null
      ? new Date(lastSubmittedAt.getTime() + cooldownMinutes * 60_000)
      : null;
  const cooldownEndsAt = cooldownEnd !== null && cooldownEnd > now ? cooldownEnd : null;
  const blockedBy: AttemptBlock | null = passed
    ? 'ALREADY_PASSED'
    : attemptsLeft === 0
      ? 'NO_ATTEMPTS_LEFT'
      : cooldownEndsAt !== null
        ? 'COOLDOWN'
        : null;
  return { canStart: blockedBy === null, blockedBy, attemptsLeft, cooldownEndsAt };
}

/**
 * Whether the learner may see which of their answers were right after an attempt (the quiz's
 * review policy). `attemptsLeft` is counted after this attempt (null: unlimited); an attempt
 * that failed with none left is the final failed attempt.
 * - ALWAYS: after every attempt; NEVER: never;
 * - AFTER_PASS: only after a passing attempt;
 * - NEVER_AFTER_FINAL_FAIL (the default): after every attempt except a failed final one.
 */
export function reviewVisible(input: {
  policy: ReviewPolicy;
  passed: boolean;
  attemptsLeft: number | null;
}): boolean {
  switch (input.policy) {
    case 'ALWAYS':
      return true;
    case 'NEVER':
      return false;
    case 'AFTER_PASS':
      return input.passed;
    default:
      // NEVER_AFTER_FINAL_FAIL
      return input.passed || input.attemptsLeft !== 0;
  }
}
