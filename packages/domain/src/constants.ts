import { DomainError } from './errors.ts';

/** Percent of questions a learner must answer correctly when a quiz sets no passing score. */
export const DEFAULT_PASSING_SCORE = 80;
/** Smallest peer group shown to a client at all (privacy: below this, peers could be guessed). */
export const MIN_PEER_COUNT = 5;
/** Smallest peer group whose quartiles are shown to a client. */
export const MIN_PEER_COUNT_FOR_QUARTILES = 10;
/** Default lifetime of a certificate; tracks may configure their own. */
export const CERTIFICATE_VALIDITY_MONTHS = 24;

// Value lists are `as const` arrays so that zod enums, database checks and the UI all
// derive from one source, and the union types follow from them.

export const TRACK_TYPES = [
  'INTERNAL',
  'CLIENT_ADMIN',
  'CLIENT_INVESTIGATOR',
  'CLIENT_EMPLOYEE',
] as const;
export type TrackType = (typeof TRACK_TYPES)[number];

export const TRACK_LEVELS = ['FOUNDATION', 'PRACTITIONER', 'EXPERT'] as const;
export type TrackLevel = (typeof TRACK_LEVELS)[number];

export const INTERNAL_ROLES = [
  'PLATFORM_ADMIN',
  'IMPLEMENTATION_MANAGER',
  'CUSTOMER_SUCCESS',
] as const;
export type InternalRole = (typeof INTERNAL_ROLES)[number];

export const CLIENT_ROLES = ['ADMIN', 'INVESTIGATOR', 'EMPLOYEE'] as const;
export type ClientRole = (typeof CLIENT_ROLES)[number];

export const USER_ROLES = [...INTERNAL_ROLES, ...CLIENT_ROLES] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const ORGANIZATION_STATUSES = ['ACTIVE', 'ONBOARDING', 'CHURNED', 'SANDBOX'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

export const PROJECT_STATUSES = [
  'PLANNING',
  'IN_PROGRESS',
  'LIVE',
  'ON_HOLD',
  'CANCELLED',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const QUESTION_TYPES = ['SINGLE_CHOICE', 'TRUE_FALSE', 'MULTI_SELECT'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

// The union types of these three live beside the functions that use them
// (progress.ts, certificates.ts, statistics.ts), as the contract names them there.
export const COURSE_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED', 'FAILED'] as const;
export const CERTIFICATE_STATUSES = ['ACTIVE', 'EXPIRED', 'REVOKED', 'SUPERSEDED'] as const;
export const DIRECTIONS = ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER'] as const;

const INTERNAL_ROLE_SET: ReadonlySet<string> = new Set(INTERNAL_ROLES);
const CLIENT_ROLE_SET: ReadonlySet<string> = new Set(CLIENT_ROLES);

// Accepts any string because roles arrive from sessions, CSV rows and the database.
export function isInternalRole(role: string): role is InternalRole {
  return INTERNAL_ROLE_SET.has(role);
}

export function isClientRole(role: string): role is ClientRole {
  return CLIENT_ROLE_SET.has(role);
}

export function isUserRole(role: string): role is UserRole {
  return isInternalRole(role) || isClientRole(role);
}

const CLIENT_TRACK_TYPE: Readonly<Record<ClientRole, TrackType>> = {
  ADMIN: 'CLIENT_ADMIN',
  INVESTIGATOR: 'CLIENT_INVESTIGATOR',
  EMPLOYEE: 'CLIENT_EMPLOYEE',
};

/** The one track type a user of this role may enrol in. Throws `ROLE.INVALID` for an unknown role. */
export function trackTypeForRole(role: UserRole): TrackType {
  if (isInternalRole(role)) return 'INTERNAL';
  if (isClientRole(role)) return CLIENT_TRACK_TYPE[role];
  throw new DomainError('ROLE.INVALID', `Unknown role: ${String(role)}`);
}

/**
 * Enrolment eligibility (docs/product-rules.md): internal staff ↔ INTERNAL, client users ↔ the
 * CLIENT_* type of their role. A predicate, so unknown roles or types are simply not eligible.
 */
export function canEnrolInTrack(role: string, trackType: string): boolean {
  if (!isUserRole(role)) return false;
  return trackTypeForRole(role) === trackType;
}
