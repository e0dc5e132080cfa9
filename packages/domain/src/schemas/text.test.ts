import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  isStorableText,
  NOT_STORABLE_MESSAGE,
  ZBulkEnrollInput,
  ZChangePasswordInput,
  ZContentUrl,
  ZCourseCreateInput,
  ZCourseUpdateInput,
  ZLoginInput,
  ZOrganizationCreateInput,
  ZOrganizationUpdateInput,
  ZProjectCreateInput,
  ZSaveQuizInput,
  ZSetPasswordInput,
  ZText,
  ZTrackCreateInput,
  ZTrackUpdateInput,
  ZUserCreateInput,
  ZUserListInput,
} from './index.ts';

const id = '00000000-0000-4000-8000-000000000001';
const BAD = ['a\u0000b', '\u0000', 'a\ud800', '\udfffz', 'x\ud800\u0000'];

const question = (prompt: string, text: string) => ({
  type: 'SINGLE_CHOICE',
  prompt,
  options: [
    { id: 'a', text },
    { id: 'b', text: 'Other' },
  ],
  correctOptionIds: ['a'],
});

/** Every free-text field, as a valid input with the field set to `s`. */
const FIELDS: [string, z.ZodType, (s: string) => unknown][] = [
  [
    'track name',
    ZTrackCreateInput,
    (s) => ({ slug: 'ab', name: s, type: 'INTERNAL', level: 'EXPERT' }),
  ],
  [
    'track description',
    ZTrackCreateInput,
    (s) => ({ slug: 'ab', name: 'n', description: `${s}x`, type: 'INTERNAL', level: 'EXPERT' }),
  ],
  ['track update name', ZTrackUpdateInput, (s) => ({ id, name: s })],
  ['track update description', ZTrackUpdateInput, (s) => ({ id, description: s })],
  [
    'course name',
    ZCourseCreateInput,
    (s) => ({ trackId: id, name: s, contentUrl: 'https://a.test/', estimatedMinutes: 5 }),
  ],
  ['course update description', ZCourseUpdateInput, (s) => ({ id, description: s })],
  ['content URL', ZCourseUpdateInput, (s) => ({ id, contentUrl: `https://a.test/${s}` })],
  ['quiz prompt', ZSaveQuizInput, (s) => ({ courseId: id, questions: [question(s, 'One')] })],
  ['option text', ZSaveQuizInput, (s) => ({ courseId: id, questions: [question('Q?', s)] })],
  ['login password', ZLoginInput, (s) => ({ email: 'a@b.test', password: s })],
  ['user search', ZUserListInput, (s) => ({ search: s })],
  [
    'user name and password',
    ZUserCreateInput,
    (s) => ({ email: 'a@b.test', name: s, password: 'long enough password', role: 'EMPLOYEE' }),
  ],
  [
    'password set with a link',
    ZSetPasswordInput,
    (s) => ({ token: 'A'.repeat(43), password: `long enough ${s}` }),
  ],
  [
    'own new password',
    ZChangePasswordInput,
    (s) => ({ currentPassword: 'old', newPassword: `long enough ${s}` }),
  ],
  [
    'organisation sector',
    ZOrganizationCreateInput,
    (s) => ({ name: 'Org', industrySector: s, employeeCount: 5 }),
  ],
  ['organisation name', ZOrganizationUpdateInput, (s) => ({ id, name: s })],
  [
    'project name',
    ZProjectCreateInput,
    (s) => ({ organizationId: id, name: s, goLiveDate: '2027-01-01' }),
  ],
  ['bulk emails', ZBulkEnrollInput, (s) => ({ trackId: id, emails: ['a@b.test', s] })],
  ['bulk CSV', ZBulkEnrollInput, (s) => ({ trackId: id, csv: `email\n${s}\n` })],
];

describe('free text', () => {
  it('tells storable text apart', () => {
    expect(isStorableText('Grüße 👋 — ok')).toBe(true);
    for (const s of BAD) expect(isStorableText(s)).toBe(false);
  });

  it.each(FIELDS)(
    '%s: refuses NUL and lone surrogates, accepts other Unicode',
    (_, schema, input) => {
      expect(schema.safeParse(input('Grüße 👋 ok')).success).toBe(true);
      for (const s of BAD) {
        const result = schema.safeParse(input(s));
        expect(result.success, JSON.stringify(s)).toBe(false);
        expect(result.error?.issues.map((i) => i.message)).toContain(NOT_STORABLE_MESSAGE);
      }
    },
  );

  it('ZText accepts exactly the storable strings within its limits, trimmed', () => {
    const schema = ZText({ min: 1, max: 20 });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        const result = schema.safeParse(s);
        const trimmed = s.trim();
        const expected = isStorableText(trimmed) && trimmed.length >= 1 && trimmed.length <= 20;
        expect(result.success).toBe(expected);
        if (result.success) expect(result.data).toBe(trimmed);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the limits and messages of each use', () => {
    expect(ZText({ max: 3 }).safeParse('abcd').error?.issues[0]?.message).toBe(
      'At most 3 characters',
    );
    expect(ZText({ min: 1, max: 3 }).safeParse('  ').error?.issues[0]?.message).toBe('Required');
    expect(ZText({ min: 2, max: 3 }).safeParse('a').error?.issues[0]?.message).toBe(
      'At least 2 characters',
    );
    expect(ZText({ max: 3, trim: false }).parse(' a ')).toBe(' a ');
    expect(
      ZUserCreateInput.safeParse({
        email: 'a@b.test',
        name: 'A',
        password: 'short',
        role: 'EMPLOYEE',
      }).error?.issues[0]?.message,
    ).toBe('Use at least 12 characters');
    // A content URL whose host holds a NUL is refused, never a thrown TypeError.
    expect(ZContentUrl.safeParse('https://a.te\u0000st/').success).toBe(false);
  });
});
