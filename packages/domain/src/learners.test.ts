import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, isOverdue, nextRequiredCourse, sortByUrgency, urgencyOf } from './learners.ts';
import type { CourseStatus } from './progress.ts';

describe('learner due dates', () => {
  it('a due date includes its whole day (UTC)', () => {
    expect(dayOf(new Date('2026-03-31T23:59:59.999Z'))).toBe('2026-03-31');
    expect(isOverdue('2026-03-31', '2026-03-31', false)).toBe(false);
    expect(isOverdue('2026-03-31', '2026-04-01', false)).toBe(true);
    expect(isOverdue('2026-03-31', '2026-04-01', true)).toBe(false);
    expect(isOverdue(null, '2026-04-01', false)).toBe(false);
  });

  it('sorts overdue first, then by due date, then without one, completed last; stable', () => {
    const today = '2026-06-15';
    const items = [
      { id: 'none', dueDate: null, completed: false },
      { id: 'done', dueDate: '2026-01-01', completed: true },
      { id: 'late', dueDate: '2026-06-01', completed: false },
      { id: 'soon', dueDate: '2026-06-20', completed: false },
      { id: 'today', dueDate: '2026-06-15', completed: false },
      { id: 'later', dueDate: '2026-09-01', completed: false },
      { id: 'none2', dueDate: null, completed: false },
      { id: 'veryLate', dueDate: '2026-05-01', completed: false },
    ];
    expect(sortByUrgency(items, today).map((i) => i.id)).toEqual([
      'veryLate',
      'late',
      'today',
      'soon',
      'later',
      'none',
      'none2',
      'done',
    ]);
  });

  it('never puts a less urgent item before a more urgent one', () => {
    const day = fc
      .integer({ min: 0, max: 60 })
      .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
    const item = fc.record({ dueDate: fc.option(day, { nil: null }), completed: fc.boolean() });
    const rank = { OVERDUE: 0, DUE: 1, NO_DUE_DATE: 2, COMPLETED: 3 } as const;
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), day, (items, today) => {
        const sorted = sortByUrgency(items, today);
        expect(sorted).toHaveLength(items.length);
        for (let i = 1; i < sorted.length; i++) {
          const a = sorted[i - 1];
          const b = sorted[i];
          if (!a || !b) continue;
          expect(rank[urgencyOf(a, today)]).toBeLessThanOrEqual(rank[urgencyOf(b, today)]);
        }
      }),
    );
  });
});

const c = (id: string, isRequired: boolean, status: CourseStatus) => ({ id, isRequired, status });

describe('nextRequiredCourse', () => {
  it('is the first required course not completed, skipping optional ones', () => {
    expect(
      nextRequiredCourse([
        c('a', true, 'COMPLETED'),
        c('b', false, 'NOT_STARTED'),
        c('c', true, 'IN_PROGRESS'),
        c('d', true, 'NOT_STARTED'),
      ])?.id,
    ).toBe('c');
    expect(nextRequiredCourse([c('a', true, 'FAILED')])?.id).toBe('a');
    expect(nextRequiredCourse([c('a', true, 'COMPLETED'), c('b', false, 'NOT_STARTED')])).toBe(
      null,
    );
    expect(nextRequiredCourse([])).toBe(null);
  });
});
