import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COURSE_STATUSES } from './constants.ts';
import { progressPercent, trackProgress, type CourseStatus } from './progress.ts';

const domainError = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const req = (status: CourseStatus) => ({ isRequired: true, status });
const opt = (status: CourseStatus) => ({ isRequired: false, status });

describe('trackProgress', () => {
  it.each([
    ['no courses', [], 'NOT_STARTED', 0, 0, 0],
    ['nothing started', [req('NOT_STARTED'), req('NOT_STARTED')], 'NOT_STARTED', 2, 0, 0],
    ['all required completed', [req('COMPLETED'), req('COMPLETED')], 'COMPLETED', 2, 2, 100],
    [
      'optional courses never block',
      [req('COMPLETED'), opt('NOT_STARTED'), opt('FAILED')],
      'COMPLETED',
      1,
      1,
      100,
    ],
    [
      'one of three',
      [req('COMPLETED'), req('NOT_STARTED'), req('NOT_STARTED')],
      'IN_PROGRESS',
      3,
      1,
      33,
    ],
    [
      'two of three',
      [req('COMPLETED'), req('COMPLETED'), req('IN_PROGRESS')],
      'IN_PROGRESS',
      3,
      2,
      66,
    ],
    ['a required course failed', [req('COMPLETED'), req('FAILED')], 'FAILED', 2, 1, 50],
    ['failed wins over in progress', [req('IN_PROGRESS'), req('FAILED')], 'FAILED', 2, 0, 0],
    [
      'an optional failure is no failure',
      [req('NOT_STARTED'), opt('FAILED')],
      'NOT_STARTED',
      1,
      0,
      0,
    ],
    [
      'an optional course started',
      [req('NOT_STARTED'), opt('IN_PROGRESS')],
      'IN_PROGRESS',
      1,
      0,
      0,
    ],
    [
      'an optional course completed',
      [req('NOT_STARTED'), opt('COMPLETED')],
      'IN_PROGRESS',
      1,
      0,
      0,
    ],
    [
      'only optional courses, completed',
      [opt('COMPLETED'), opt('COMPLETED')],
      'IN_PROGRESS',
      0,
      0,
      0,
    ],
    ['only optional courses, untouched', [opt('NOT_STARTED')], 'NOT_STARTED', 0, 0, 0],
  ] as const)('%s', (_, courses, status, requiredTotal, requiredCompleted, percent) => {
    expect(trackProgress(courses)).toEqual({
      status,
      requiredTotal,
      requiredCompleted,
      progressPercent: percent,
    });
  });

  it('throws PROGRESS.INVALID_STATUS for an unknown status', () => {
    // @ts-expect-error -- statuses can arrive untyped from the database
    expect(() => trackProgress([{ isRequired: true, status: 'DONE' }])).toThrow(
      domainError('PROGRESS.INVALID_STATUS'),
    );
  });

  it('keeps status and percent consistent', () => {
    const courseArb = fc.record({
      isRequired: fc.boolean(),
      status: fc.constantFrom(...COURSE_STATUSES),
    });
    fc.assert(
      fc.property(fc.array(courseArb, { maxLength: 20 }), (courses) => {
        const r = trackProgress(courses);
        const required = courses.filter((c) => c.isRequired);
        expect(r.requiredTotal).toBe(required.length);
        expect(r.requiredCompleted).toBe(required.filter((c) => c.status === 'COMPLETED').length);
        expect(r.progressPercent).toBeGreaterThanOrEqual(0);
        expect(r.progressPercent).toBeLessThanOrEqual(100);
        expect(Number.isInteger(r.progressPercent)).toBe(true);
        // 100% and COMPLETED go together.
        expect(r.status === 'COMPLETED').toBe(r.progressPercent === 100);
        expect(r.status === 'FAILED').toBe(
          r.status !== 'COMPLETED' && required.some((c) => c.status === 'FAILED'),
        );
        if (r.status === 'NOT_STARTED') {
          expect(
            courses.every(
              (c) => c.status === 'NOT_STARTED' || (c.status === 'FAILED' && !c.isRequired),
            ),
          ).toBe(true);
        }
        // Optional courses never change whether the track is completed.
        const withoutOptional = trackProgress(required);
        expect(withoutOptional.requiredCompleted).toBe(r.requiredCompleted);
        expect(withoutOptional.status === 'COMPLETED').toBe(r.status === 'COMPLETED');
      }),
    );
  });
});

describe('progressPercent', () => {
  it.each([
    [0, 0, 0],
    [0, 3, 0],
    [1, 3, 33],
    [2, 3, 66],
    [3, 3, 100],
    [8, 10, 80],
  ])('%i of %i required → %i%%', (done, total, percent) => {
    expect(progressPercent(done, total)).toBe(percent);
  });

  it('is what trackProgress reports for the same counts', () => {
    for (let total = 0; total <= 12; total++) {
      for (let done = 0; done <= total; done++) {
        const courses = Array.from({ length: total }, (_, i) => ({
          isRequired: true,
          status: i < done ? ('COMPLETED' as const) : ('NOT_STARTED' as const),
        }));
        expect(progressPercent(done, total)).toBe(trackProgress(courses).progressPercent);
      }
    }
  });
});
