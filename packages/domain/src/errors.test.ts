import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from './errors.ts';

describe('DomainError', () => {
  it('carries a code, a name and defaults its message to the code', () => {
    const e = new DomainError('QUIZ.EMPTY');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.code).toBe('QUIZ.EMPTY');
    expect(e.message).toBe('QUIZ.EMPTY');
    expect(new DomainError('STATS.RANGE', 'p out of range').message).toBe('p out of range');
  });

  it.each([
    [new DomainError('X.Y'), true],
    [Object.assign(new Error('copy'), { name: 'DomainError', code: 'X.Y' }), true],
    [new Error('plain'), false],
    [Object.assign(new Error('no code'), { name: 'DomainError' }), false],
    [{ name: 'DomainError', code: 'X.Y' }, false],
    [null, false],
  ])('isDomainError(%o) is %s', (value, expected) => {
    expect(isDomainError(value)).toBe(expected);
  });
});
