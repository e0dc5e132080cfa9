import { describe, expect, it } from 'vitest';
import { EMPLOYEE_BANDS, describePeerGroup, employeeBand, peerGroupLabel } from './peer-groups.ts';

const domainError = (code: string) => expect.objectContaining({ name: 'DomainError', code });

describe('EMPLOYEE_BANDS', () => {
  it('are the four bands of the product, frozen', () => {
    expect(EMPLOYEE_BANDS).toEqual([
      { min: 1, max: 100 },
      { min: 101, max: 500 },
      { min: 501, max: 2000 },
      { min: 2001, max: null },
    ]);
    expect(Object.isFrozen(EMPLOYEE_BANDS)).toBe(true);
    expect(EMPLOYEE_BANDS.every((band) => Object.isFrozen(band))).toBe(true);
  });

  it('leave no gap and do not overlap', () => {
    for (let i = 1; i < EMPLOYEE_BANDS.length; i += 1) {
      expect(EMPLOYEE_BANDS[i]?.min).toBe((EMPLOYEE_BANDS[i - 1]?.max ?? Number.NaN) + 1);
    }
  });
});

describe('employeeBand', () => {
  it.each([
    [1, { min: 1, max: 100 }],
    [100, { min: 1, max: 100 }],
    [101, { min: 101, max: 500 }],
    [500, { min: 101, max: 500 }],
    [501, { min: 501, max: 2000 }],
    [2000, { min: 501, max: 2000 }],
    [2001, { min: 2001, max: null }],
    [1_000_000, { min: 2001, max: null }],
    [0, null],
    [-5, null],
    [50.5, null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ])('employeeBand(%d) = %j', (count, expected) => {
    expect(employeeBand(count)).toEqual(expected);
  });
});

describe('describePeerGroup', () => {
  it.each([
    [{}, 37, 'all customers (37 organizations)'],
    [
      { industrySector: null, employeeMin: null, employeeMax: null },
      37,
      'all customers (37 organizations)',
    ],
    [{ industrySector: 'Healthcare' }, 14, 'Healthcare (14 organizations)'],
    [{ employeeMin: 101, employeeMax: 500 }, 9, '101-500 employees (9 organizations)'],
    [{ employeeMin: 2001, employeeMax: null }, 6, '2001+ employees (6 organizations)'],
    [{ employeeMin: 2001 }, 6, '2001+ employees (6 organizations)'],
    [
      { industrySector: 'Healthcare', employeeMin: 101, employeeMax: 500 },
      6,
      'Healthcare, 101-500 employees (6 organizations)',
    ],
    [
      { industrySector: 'Healthcare', employeeMin: 101, employeeMax: 500 },
      14,
      'Healthcare, 101-500 employees (14 organizations)',
    ],
    [{ employeeMin: 1, employeeMax: 100 }, 1, '1-100 employees (1 organization)'],
    [{ industrySector: '' }, 0, 'all customers (0 organizations)'],
    [{ industrySector: '  Finance  ' }, 12345, 'Finance (12345 organizations)'],
    [{ employeeMax: 100 }, 5, 'up to 100 employees (5 organizations)'],
  ])('describePeerGroup(%j, %i) = %s', (group, count, expected) => {
    expect(describePeerGroup(group, count)).toBe(expected);
  });

  it.each([
    [{}, -1],
    [{}, 1.5],
    [{}, Number.NaN],
    [{ employeeMin: 500, employeeMax: 101 }, 5],
    [{ employeeMin: -1, employeeMax: 10 }, 5],
  ])('throws PEER_GROUP.INVALID for %j with %d peers', (group, count) => {
    expect(() => describePeerGroup(group, count)).toThrow(domainError('PEER_GROUP.INVALID'));
  });
});

describe('peerGroupLabel', () => {
  it('names the group without its size', () => {
    expect(peerGroupLabel({})).toBe('all customers');
    expect(
      peerGroupLabel({ industrySector: 'Healthcare', employeeMin: 101, employeeMax: 500 }),
    ).toBe('Healthcare, 101-500 employees');
    expect(peerGroupLabel({ employeeMin: 2001, employeeMax: null })).toBe('2001+ employees');
  });
});
