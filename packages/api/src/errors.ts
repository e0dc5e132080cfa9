import { randomInt } from 'node:crypto';
import {
  DomainError,
  ERRORS,
  isDomainError,
  type ErrorCode,
  type ErrorKind,
} from '@credence/domain';
import {
  DriverException,
  NotFoundError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { logger } from './logger.ts';

// The domain's error kinds are tRPC codes: this line stops compiling if one is not.
const kindIsTrpcCode = (kind: ErrorKind): TRPC_ERROR_CODE_KEY => kind;

/**
 * Unique constraints a person can run into, by name, and the error each means. The constraint
 * decides (no count before an insert), so the loser of a race gets the same precise answer.
 */
const UNIQUE_CONSTRAINTS: Readonly<Record<string, ErrorCode>> = {
  app_user_email_unique: 'USER.EMAIL_TAKEN',
  organization_name_unique: 'ORGANIZATION.NAME_TAKEN',
  track_slug_unique: 'TRACK.SLUG_TAKEN',
};

/** Restricting foreign keys a person can run into, by name: the rule the reference enforces. */
const FOREIGN_KEYS: Readonly<Record<string, ErrorCode>> = {
  quiz_attempt_quiz_id_foreign: 'QUIZ.HAS_ATTEMPTS',
};

/** The code of an error that carries none of its own: tRPC's (bad JSON, unknown procedure…). */
const BY_TRPC_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  PARSE_ERROR: 'REQUEST.INVALID',
  BAD_REQUEST: 'REQUEST.INVALID',
  UNAUTHORIZED: 'AUTH.SIGN_IN_REQUIRED',
  FORBIDDEN: 'AUTH.FORBIDDEN',
  NOT_FOUND: 'REQUEST.NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'REQUEST.METHOD_NOT_ALLOWED',
  CONFLICT: 'REQUEST.CONFLICT',
  PRECONDITION_FAILED: 'REQUEST.PRECONDITION_FAILED',
  PAYLOAD_TOO_LARGE: 'REQUEST.TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'REQUEST.UNSUPPORTED_TYPE',
  TOO_MANY_REQUESTS: 'REQUEST.RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'UNAVAILABLE',
};

/** A domain error as the tRPC error of its kind (the one place codes become transport codes). */
function fromDomain(error: DomainError): TRPCError {
  return new TRPCError({
    code: kindIsTrpcCode(ERRORS[error.code].kind),
    message: error.message,
    cause: error,
  });
}

/**
 * Turns what a service threw into the error the client sees: domain errors, MikroORM's
 * NotFoundError and named unique violations get their code; anything else stays unexpected.
 */
export function toTRPCError(error: unknown): unknown {
  // tRPC wraps what a resolver throws in an INTERNAL_SERVER_ERROR; look at the original.
  if (error instanceof TRPCError) {
    if (error.code !== 'INTERNAL_SERVER_ERROR' || error.cause === undefined) return error;
    const mapped = toTRPCError(error.cause);
    return mapped instanceof TRPCError ? mapped : error;
  }
  if (isDomainError(error)) return fromDomain(error);
  if (error instanceof NotFoundError) {
    return fromDomain(new DomainError('REQUEST.NOT_FOUND', undefined, { cause: error }));
  }
  if (error instanceof DriverException && !(error instanceof UniqueConstraintViolationException)) {
    const constraint = (error as { constraint?: unknown }).constraint;
    const code = typeof constraint === 'string' ? FOREIGN_KEYS[constraint] : undefined;
    if (code) return fromDomain(new DomainError(code, undefined, { cause: error }));
  }
  if (error instanceof UniqueConstraintViolationException) {
    const constraint = (error as { constraint?: unknown }).constraint;
    const code =
      (typeof constraint === 'string' && UNIQUE_CONSTRAINTS[constraint]) || 'REQUEST.CONFLICT';
    return fromDomain(new DomainError(code, undefined, { cause: error }));
  }
  return error;
}

/** Shorthand for the errors services raise; the message defaults to the list's. */
export const fail = (code: ErrorCode, message?: string): never => {
  throw new DomainError(code, message);
};

// ---------------------------------------------------------------------------------------------
// What a response says about an error. Nothing but the list's messages, a domain error's own
// message and zod's field messages reaches a client; an unexpected error answers a reference
// that is written, with the full error, to the same log line.

/** Unambiguous characters (no 0/O, 1/I/L), so a reference can be read out over the phone. */
const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const references = new WeakMap<object, string>();

/**
 * The reference of an unexpected error: made and logged (with the full error and what the
 * caller knows of the request) the first time it is asked for, the same string afterwards.
 */
export function internalReference(error: object, context: Record<string, unknown> = {}): string {
  const known = references.get(error);
  if (known) return known;
  const reference = Array.from(
    { length: 10 },
    () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)],
  ).join('');
  references.set(error, reference);
  const err = error instanceof TRPCError && error.cause !== undefined ? error.cause : error;
  logger.error({ err, reference, ...context }, 'unexpected error');
  return reference;
}

export interface AppErrorData {
  /** The dotted code from the domain's list (`USER.EMAIL_TAKEN`). */
  appCode: ErrorCode;
  /** The input field the error is about, when there is one. */
  field: string | null;
  /** For unexpected errors: the reference also found in the server's log. */
  reference: string | null;
  /** zod's flattened messages for invalid input: `{ formErrors, fieldErrors }`. */
  zodError: z.core.$ZodFlattenedError<Record<string, unknown>> | null;
}

/** What the client is told about a tRPC error: a message and the typed data. */
export function describeError(
  error: TRPCError,
  context: Record<string, unknown> = {},
): { message: string; httpStatus: number; data: AppErrorData } {
  const httpStatus = getHTTPStatusCodeFromError(error);
  if (error.code === 'INTERNAL_SERVER_ERROR' || httpStatus >= 500) {
    const reference = internalReference(error, context);
    // The list's message only: whatever the error said about itself stays in the log.
    const appCode: ErrorCode = isDomainError(error.cause)
      ? error.cause.code
      : (BY_TRPC_CODE[error.code] ?? 'INTERNAL');
    return {
      message: `${ERRORS[appCode].message} (reference ${reference})`,
      httpStatus,
      data: { appCode, field: null, reference, zodError: null },
    };
  }
  if (isDomainError(error.cause)) {
    const { code, message, field } = error.cause;
    return {
      message,
      httpStatus,
      data: { appCode: code, field: field ?? null, reference: null, zodError: null },
    };
  }
  if (error.cause instanceof z.ZodError) {
    const zodError = z.flattenError(error.cause as z.ZodError<Record<string, unknown>>);
    const [field] = Object.keys(zodError.fieldErrors);
    return {
      message: z.prettifyError(error.cause),
      httpStatus,
      data: { appCode: 'REQUEST.INVALID_INPUT', field: field ?? null, reference: null, zodError },
    };
  }
  const appCode = BY_TRPC_CODE[error.code] ?? 'REQUEST.INVALID';
  return {
    message: ERRORS[appCode].message,
    httpStatus,
    data: { appCode, field: null, reference: null, zodError: null },
  };
}
