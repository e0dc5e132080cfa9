/**
 * Every error the product can answer with, in one typed list. Each code (`TRACK.NOT_FOUND`)
 * names its kind (the transport status the API answers with), the message a person reads, and,
 * when the error is always about one input field, that field's name in the procedures' inputs,
 * so a form can show the message beside it (a code used by procedures whose inputs name the
 * field differently has none). `DomainError` only accepts codes from this list: a new
 * error is a new entry here, and a misspelt code does not compile.
 *
 * The kinds are tRPC's error code names; the domain knows nothing else about transport.
 */
export type ErrorKind =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_SUPPORTED'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE';

export interface ErrorSpec {
  readonly kind: ErrorKind;
  readonly message: string;
  /** The input field the error belongs to (a key of the procedure's input), if any. */
  readonly field?: string;
}

export const ERRORS = {
  // Requests that never reached a rule: the transport's own answers.
  'REQUEST.INVALID': { kind: 'BAD_REQUEST', message: 'The request could not be read' },
  'REQUEST.INVALID_INPUT': { kind: 'BAD_REQUEST', message: 'Some fields need another look' },
  'REQUEST.NOT_FOUND': { kind: 'NOT_FOUND', message: 'Not found' },
  'REQUEST.METHOD_NOT_ALLOWED': {
    kind: 'METHOD_NOT_SUPPORTED',
    message: 'This address does not take that method',
  },
  'REQUEST.TOO_LARGE': { kind: 'PAYLOAD_TOO_LARGE', message: 'The request is too large' },
  'REQUEST.UNSUPPORTED_TYPE': {
    kind: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send JSON (Content-Type: application/json)',
  },
  'REQUEST.CONFLICT': { kind: 'CONFLICT', message: 'That already exists' },
  'REQUEST.PRECONDITION_FAILED': {
    kind: 'PRECONDITION_FAILED',
    message: 'The request does not fit the current state',
  },
  'REQUEST.RATE_LIMITED': {
    kind: 'TOO_MANY_REQUESTS',
    message: 'Too many requests; wait a little',
  },
  /** Something unexpected on the server's side; the answer adds a reference found in the log. */
  INTERNAL: { kind: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side' },
  UNAVAILABLE: {
    kind: 'SERVICE_UNAVAILABLE',
    message: 'The service is unavailable; try again shortly',
  },

  // Access
  'AUTH.SIGN_IN_REQUIRED': { kind: 'UNAUTHORIZED', message: 'Sign in first' },
  'AUTH.FORBIDDEN': { kind: 'FORBIDDEN', message: 'You are not allowed to do this' },
  'AUTH.INVALID_CREDENTIALS': { kind: 'UNAUTHORIZED', message: 'Email or password is wrong' },
  'AUTH.RATE_LIMITED': {
    kind: 'TOO_MANY_REQUESTS',
    message: 'Too many failed sign-ins; wait a minute and try again',
  },
  'AUTH.BUSY': {
    kind: 'SERVICE_UNAVAILABLE',
    message: 'The server is busy signing people in; try again in a moment',
  },
  'AUTH.WRONG_PASSWORD': {
    kind: 'BAD_REQUEST',
    message: 'Your current password is wrong',
    field: 'currentPassword',
  },
  'PASSWORD_LINK.NOT_FOUND': {
    kind: 'NOT_FOUND',
    message:
      'This link no longer works: it was used, it expired, or a newer one replaced it. Ask your administrator for a new link',
  },

  // People and organisations
  'USER.NOT_FOUND': { kind: 'NOT_FOUND', message: 'No such user' },
  'USER.EMAIL_TAKEN': {
    kind: 'CONFLICT',
    message: 'That email is already used',
    field: 'email',
  },
  'USER.FORBIDDEN': { kind: 'FORBIDDEN', message: 'You may not change this account' },
  'USER.INVALID_ORGANIZATION': {
    kind: 'BAD_REQUEST',
    message: 'Client users need an organisation; internal staff belong to none',
    field: 'organizationId',
  },
  'USER.SELF_CHANGE': {
    kind: 'BAD_REQUEST',
    message: 'You cannot change your own role or deactivate yourself',
  },
  'USER.INVALID_ROLE': { kind: 'BAD_REQUEST', message: 'Unknown role', field: 'role' },
  'ORGANIZATION.NOT_FOUND': { kind: 'NOT_FOUND', message: 'No such organisation' },
  'ORGANIZATION.NAME_TAKEN': {
    kind: 'CONFLICT',
    message: 'That name is already used',
    field: 'name',
  },

  // Catalog
  'TRACK.NOT_FOUND': { kind: 'NOT_FOUND', message: 'No such track' },
  'TRACK.SLUG_TAKEN': {
    kind: 'CONFLICT',
    message: 'That slug is already used',
    field: 'slug',
  },
  'TRACK.ARCHIVED': { kind: 'BAD_REQUEST', message: 'This track is archived' },
  'TRACK.IN_USE': {
    kind: 'BAD_REQUEST',
    message:
      'This track has enrolments or training assignments, so its type cannot change: ' +
      'create a new track of the other type instead',
    field: 'type',
  },
  'COURSE.NOT_FOUND': { kind: 'NOT_FOUND', message: 'No such course' },
  'COURSE.ARCHIVED': {
    kind: 'BAD_REQUEST',
    message: 'This course is no longer part of its track',
  },
  'COURSE.REORDER_MISMATCH': {
    kind: 'BAD_REQUEST',
    message: 'List every active course of the track exactly once, and no other course',
    field: 'courseIds',
  },
  'COURSE.REQUIRES_QUIZ': {
    kind: 'BAD_REQUEST',
    message: 'This course is completed by passing its quiz',
  },
  'COURSE.FAILED': {
    kind: 'BAD_REQUEST',
    message: 'This course was failed; an administrator must reset the attempts',
  },
  'QUIZ.NOT_FOUND': { kind: 'NOT_FOUND', message: 'No such quiz' },
  'QUIZ.INVALID_DRAW': { kind: 'BAD_REQUEST', message: 'Invalid question draw' },
  'QUIZ.INVALID_DATE': { kind: 'BAD_REQUEST', message: 'Invalid date' },
  'QUIZ.INVALID_COUNT': { kind: 'BAD_REQUEST', message: 'Attempts used must be a whole number' },
  'QUIZ.ALREADY_PASSED': { kind: 'BAD_REQUEST', message: 'You have passed this quiz already' },
  'QUIZ.NO_ATTEMPTS_LEFT': {
    kind: 'BAD_REQUEST',
    message: 'You have no attempts left; an administrator can reset them',
  },
  'QUIZ.COOLDOWN': { kind: 'BAD_REQUEST', message: 'You can try again later' },
  'QUIZ.ATTEMPT_CLOSED': { kind: 'BAD_REQUEST', message: 'This attempt is closed' },
  'QUIZ.DEADLINE_PASSED': { kind: 'BAD_REQUEST', message: 'The time for this attempt is up' },
  'QUIZ.NOT_SUBMITTED': { kind: 'BAD_REQUEST', message: 'This attempt is still open' },
  'ATTEMPT.NOT_FOUND': { kind: 'NOT_FOUND', message: 'No such attempt' },
  'QUIZ.HAS_ATTEMPTS': {
    kind: 'CONFLICT',
    message: 'This quiz has attempts; archive the course instead',
  },
  'QUIZ.NOT_SAVED': { kind: 'INTERNAL_SERVER_ERROR', message: 'The quiz could not be saved' },
  'QUIZ.EMPTY': { kind: 'BAD_REQUEST', message: 'The quiz has no questions' },
  'QUIZ.INVALID_QUESTION': { kind: 'BAD_REQUEST', message: 'A question is not valid' },
  'QUIZ.INVALID_ANSWER': { kind: 'BAD_REQUEST', message: 'An answer is not valid' },
  'QUIZ.INVALID_PASSING_SCORE': {
    kind: 'BAD_REQUEST',
    message: 'The passing score must be between 1 and 100',
    field: 'passingScore',
  },

  // Learning
  'ENROLLMENT.NOT_FOUND': { kind: 'NOT_FOUND', message: 'No such enrolment' },
  'ENROLLMENT.FORBIDDEN': { kind: 'FORBIDDEN', message: 'You may only enrol yourself' },
  'ENROLLMENT.USER_INACTIVE': {
    kind: 'BAD_REQUEST',
    message: 'This user is deactivated',
    field: 'userId',
  },
  'ENROLLMENT.NOT_ELIGIBLE': {
    kind: 'BAD_REQUEST',
    message: "This track is not for this person's role",
  },
  'ENROLLMENT.INVALID_CSV': {
    kind: 'BAD_REQUEST',
    message: 'The CSV could not be read',
    field: 'csv',
  },
  'ENROLLMENT.NO_ROWS': { kind: 'BAD_REQUEST', message: 'No email addresses found' },
  'ENROLLMENT.TOO_MANY_ROWS': { kind: 'BAD_REQUEST', message: 'Too many rows for one call' },

  // Projects
  'METRIC.NOT_FOUND': { kind: 'NOT_FOUND', message: 'No such metric' },
  'METRIC_VALUE.INVALID_CSV': {
    kind: 'BAD_REQUEST',
    message: 'The CSV could not be read',
    field: 'csv',
  },
  'PROJECT.NOT_FOUND': { kind: 'NOT_FOUND', message: 'No such project' },
  'ASSIGNMENT.NOT_FOUND': {
    kind: 'NOT_FOUND',
    message: 'No such training assignment in this project',
  },
  'ASSIGNMENT.ROLE_MISMATCH': {
    kind: 'BAD_REQUEST',
    message: 'This track is not for that role',
    field: 'trackId',
  },

  // Rules of the pure functions, raised on input no caller should pass.
  'ROLE.INVALID': { kind: 'BAD_REQUEST', message: 'Unknown role' },
  'PROGRESS.INVALID_STATUS': { kind: 'BAD_REQUEST', message: 'Unknown course status' },
  'READINESS.INVALID_DATE': { kind: 'BAD_REQUEST', message: 'Invalid date' },
  'READINESS.INVALID_COUNT': { kind: 'BAD_REQUEST', message: 'Invalid count' },
  'CERTIFICATE.INVALID_DATE': { kind: 'BAD_REQUEST', message: 'Invalid date' },
  'CERTIFICATE.INVALID_NUMBER': { kind: 'BAD_REQUEST', message: 'Invalid certificate number' },
  'CERTIFICATE.INVALID_VERSION': { kind: 'BAD_REQUEST', message: 'Invalid track version' },
  'PEER_GROUP.INVALID': { kind: 'BAD_REQUEST', message: 'Invalid peer group' },
  'STATS.EMPTY': { kind: 'BAD_REQUEST', message: 'No values' },
  'STATS.INVALID': { kind: 'BAD_REQUEST', message: 'Invalid value' },
  'STATS.RANGE': { kind: 'BAD_REQUEST', message: 'Value out of range' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

const CODES: ReadonlySet<string> = new Set(Object.keys(ERRORS));

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODES.has(value);
}

/** The list's entry of a code. */
export function errorSpec(code: ErrorCode): ErrorSpec {
  return ERRORS[code];
}

/**
 * The one error type of the product's rules. It carries a code from `ERRORS` and no HTTP
 * knowledge: the API maps the code's kind to its transport error in one place. The message
 * defaults to the list's; pass one to be more precise (it must still be fit for the user).
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  /** The input field the error belongs to: the list's, unless given. */
  readonly field: string | undefined;

  constructor(code: ErrorCode, message?: string, options?: { field?: string; cause?: unknown }) {
    // Looked up defensively: plain JavaScript callers are not type-checked.
    const spec: ErrorSpec | undefined = (ERRORS as Record<string, ErrorSpec>)[code];
    super(message ?? spec?.message ?? code, { cause: options?.cause });
    this.name = 'DomainError';
    this.code = code;
    this.field = options?.field ?? spec?.field;
  }
}

/**
 * Duck-typed check, because the package can be loaded twice (source and dist builds under
 * different export conditions) and then `instanceof` gives false negatives.
 */
export function isDomainError(value: unknown): value is DomainError {
  if (value instanceof DomainError) return true;
  if (!(value instanceof Error) || value.name !== 'DomainError') return false;
  return 'code' in value && isErrorCode(value.code);
}
