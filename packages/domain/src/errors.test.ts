import { describe, expect, expectTypeOf, it } from 'vitest';
import { DomainError, ERRORS, isDomainError, isErrorCode, type ErrorCode } from './errors.ts';

describe('DomainError', () => {
  it("carries a code, a name, and the list's message and field unless given", () => {
    const e = new DomainError('QUIZ.EMPTY');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.code).toBe('QUIZ.EMPTY');
    expect(e.message).toBe('The quiz has no questions');
    expect(e.field).toBeUndefined();
    expect(new DomainError('STATS.RANGE', 'p out of range').message).toBe('p out of range');
    const taken = new DomainError('USER.EMAIL_TAKEN');
    expect([taken.message, taken.field]).toEqual(['That email is already used', 'email']);
    expect(new DomainError('USER.EMAIL_TAKEN', undefined, { field: 'login' }).field).toBe('login');
  });

  it('only takes codes from the list', () => {
    expectTypeOf<'TRACK.NOT_FOUND'>().toExtend<ErrorCode>();
    expectTypeOf<'TRACK.NOPE'>().not.toExtend<ErrorCode>();
    // @ts-expect-error -- an unknown code does not compile
    expect(new DomainError('TRACK.NOPE').code).toBe('TRACK.NOPE');
  });

  it('lists dotted codes with a message for a person', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(code, code).toMatch(/^[A-Z_]+(\.[A-Z_]+)?$/);
      expect(spec.message, code).toMatch(/^[A-Z].*[^.]$/);
      expect(isErrorCode(code)).toBe(true);
    }
    expect(isErrorCode('NOPE.NOPE')).toBe(false);
  });

  it.each([
    [new DomainError('QUIZ.EMPTY'), true],
    [Object.assign(new Error('copy'), { name: 'DomainError', code: 'QUIZ.EMPTY' }), true],
    [Object.assign(new Error('unknown'), { name: 'DomainError', code: 'X.Y' }), false],
    [new Error('plain'), false],
    [Object.assign(new Error('no code'), { name: 'DomainError' }), false],
    [{ name: 'DomainError', code: 'QUIZ.EMPTY' }, false],
    [null, false],
  ])('isDomainError(%o) is %s', (value, expected) => {
    expect(isDomainError(value)).toBe(expected);
  });
});
