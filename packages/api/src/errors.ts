import { DomainError, isDomainError } from '@credence/domain';
import {
  DriverException,
  NotFoundError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';

/**
 * The one map from domain error codes to tRPC codes. A code's last segment decides
 * (`TRACK.NOT_FOUND` → NOT_FOUND); anything else a rule rejects is the caller's input.
 */
const BY_SUFFIX: Record<string, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  CONFLICT: 'CONFLICT',
  ALREADY_EXISTS: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  HAS_ATTEMPTS: 'CONFLICT',
};

/** Foreign keys whose violation is a rule the caller can act on, by constraint name. */
const FOREIGN_KEYS: Record<string, { code: string; message: string }> = {
  quiz_attempt_quiz_id_foreign: {
    code: 'QUIZ.HAS_ATTEMPTS',
    message: 'Learners have taken this quiz; it cannot be deleted (edit it instead)',
  },
};

export function trpcCodeFor(domainCode: string): TRPC_ERROR_CODE_KEY {
  const suffix = domainCode.slice(domainCode.lastIndexOf('.') + 1);
  return BY_SUFFIX[suffix] ?? 'BAD_REQUEST';
}

/** Turns what a service threw into the error the client sees; unknown errors stay 500. */
export function toTRPCError(error: unknown): unknown {
  // tRPC wraps what a resolver throws in an INTERNAL_SERVER_ERROR; look at the original.
  if (error instanceof TRPCError) {
    if (error.code !== 'INTERNAL_SERVER_ERROR' || error.cause === undefined) return error;
    const mapped = toTRPCError(error.cause);
    return mapped instanceof TRPCError ? mapped : error;
  }
  if (isDomainError(error)) {
    return new TRPCError({ code: trpcCodeFor(error.code), message: error.message, cause: error });
  }
  if (error instanceof NotFoundError) {
    return new TRPCError({ code: 'NOT_FOUND', message: 'Not found', cause: error });
  }
  // A restricting foreign key fails with `restrict_violation` (23001), which the ORM does not
  // classify, so the constraint name decides.
  if (error instanceof DriverException) {
    const known = FOREIGN_KEYS[(error as { constraint?: string }).constraint ?? ''];
    if (known) {
      const cause = new DomainError(known.code, known.message);
      return new TRPCError({ code: trpcCodeFor(known.code), message: known.message, cause });
    }
  }
  if (error instanceof UniqueConstraintViolationException) {
    return new TRPCError({ code: 'CONFLICT', message: 'That already exists', cause: error });
  }
  return error;
}

/** Shorthand for the errors services raise. */
export const fail = (code: string, message: string): never => {
  throw new DomainError(code, message);
};
