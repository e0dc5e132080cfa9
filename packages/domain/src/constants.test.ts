import { describe, expect, it } from 'vitest';
import {
  CLIENT_ROLES,
  INTERNAL_ROLES,
  TRACK_TYPES,
  USER_ROLES,
  canEnrolInTrack,
  isClientRole,
  isInternalRole,
  trackTypeForRole,
} from './constants.ts';

const domainError = (code: string) => expect.objectContaining({ name: 'DomainError', code });

describe('roles and track types', () => {
  it('USER_ROLES are the internal and client roles', () => {
    expect(USER_ROLES).toEqual([...INTERNAL_ROLES, ...CLIENT_ROLES]);
  });

  it.each([
    ['PLATFORM_ADMIN', true, 'INTERNAL'],
    ['IMPLEMENTATION_MANAGER', true, 'INTERNAL'],
    ['CUSTOMER_SUCCESS', true, 'INTERNAL'],
    ['ADMIN', false, 'CLIENT_ADMIN'],
    ['INVESTIGATOR', false, 'CLIENT_INVESTIGATOR'],
    ['EMPLOYEE', false, 'CLIENT_EMPLOYEE'],
  ] as const)('%s: internal %s, track type %s', (role, internal, trackType) => {
    expect(isInternalRole(role)).toBe(internal);
    expect(isClientRole(role)).toBe(!internal);
    expect(trackTypeForRole(role)).toBe(trackType);
  });

  it('throws ROLE.INVALID for an unknown role', () => {
    // @ts-expect-error -- roles can arrive untyped from CSV rows and sessions
    expect(() => trackTypeForRole('GUEST')).toThrow(domainError('ROLE.INVALID'));
  });

  it('lets each role enrol in exactly its own track type', () => {
    for (const role of USER_ROLES) {
      const eligible = TRACK_TYPES.filter((type) => canEnrolInTrack(role, type));
      expect(eligible).toEqual([trackTypeForRole(role)]);
    }
  });

  it.each([
    ['PLATFORM_ADMIN', 'CLIENT_ADMIN', false],
    ['ADMIN', 'INTERNAL', false],
    ['EMPLOYEE', 'CLIENT_INVESTIGATOR', false],
    ['GUEST', 'INTERNAL', false],
    ['ADMIN', 'SOMETHING', false],
    ['INVESTIGATOR', 'CLIENT_INVESTIGATOR', true],
  ])('canEnrolInTrack(%s, %s) = %s', (role, type, expected) => {
    expect(canEnrolInTrack(role, type)).toBe(expected);
  });
});
