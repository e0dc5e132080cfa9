import { hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';
import { DomainError } from '@credence/domain';

// Argon2id (the library's default algorithm) at OWASP's baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Argon2 computations run at once in this process: 4 × 19 MiB at most. */
export const HASHING_CONCURRENCY = 4;
/** Computations allowed to wait for a turn; beyond them a caller is turned away at once. */
export const HASHING_QUEUE = 32;

export interface HashingGate {
  /** Runs `work` when a slot is free, or fails with AUTH.BUSY when the queue is full. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The most computations seen running at once since the last reset (for tests and metrics). */
  peak(): number;
  resetPeak(): void;
}

/**
 * A semaphore with a bounded queue: every password hash and verification goes through one,
 * so sign-in traffic, however large, holds a fixed amount of memory and answers a busy
 * server quickly instead of piling up work.
 */
export function createHashingGate(concurrency: number, queue: number): HashingGate {
  const limit = pLimit(concurrency);
  let peak = 0;
  return {
    run(work) {
      if (limit.pendingCount >= queue) {
        return Promise.reject(
          new DomainError(
            'AUTH.BUSY',
            'The server is busy signing people in; try again in a moment',
          ),
        );
      }
      return limit(() => {
        peak = Math.max(peak, limit.activeCount);
        return work();
      });
    },
    peak: () => peak,
    resetPeak: () => {
      peak = limit.activeCount;
    },
  };
}

/** The process's one gate for Argon2 work. */
export const hashingGate = createHashingGate(HASHING_CONCURRENCY, HASHING_QUEUE);

export function hashPassword(password: string): Promise<string> {
  return hashingGate.run(() => hash(password, OPTIONS));
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return hashingGate.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

/** Verified against when the email is unknown, so both paths take the same time. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  // A first attempt turned away by a busy gate is not remembered.
  dummyHash ??= hashPassword('not-a-real-password-but-same-cost').catch((error: unknown) => {
    dummyHash = undefined;
    throw error;
  });
  return dummyHash;
}
