import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completionForecast,
  goLiveReadiness,
  trainingStatus,
  type GoLiveAssignment,
} from './readiness.ts';

const domainError = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const NOW = new Date('2026-03-15T12:00:00Z');
const BEFORE = new Date('2026-03-01T00:00:00Z');
const AFTER = new Date('2026-04-01T00:00:00Z');

function assignment(
  overrides: Partial<GoLiveAssignment> & { assignmentId: string },
): GoLiveAssignment {
  return {
    trackId: `track-${overrides.assignmentId}`,
    trackName: `Track ${overrides.assignmentId}`,
    targetRole: 'INVESTIGATOR',
    requiredForGoLive: true,
    requiredCompletions: 3,
    completions: 0,
    dueDate: null,
    ...overrides,
  };
}

describe('goLiveReadiness', () => {
  it('is ready without assignments', () => {
    expect(goLiveReadiness({ now: NOW, assignments: [] })).toEqual({ ready: true, blocking: [] });
  });

  it('lists blocking assignments in input order with what is missing', () => {
    const result = goLiveReadiness({
      now: NOW,
      assignments: [
        assignment({ assignmentId: 'b', completions: 1, dueDate: BEFORE }),
        assignment({ assignmentId: 'done', completions: 3, dueDate: BEFORE }),
        assignment({ assignmentId: 'over', completions: 5 }),
        assignment({ assignmentId: 'optional', requiredForGoLive: false, dueDate: BEFORE }),
        assignment({
          assignmentId: 'a',
          targetRole: 'ADMIN',
          requiredCompletions: 2,
          dueDate: AFTER,
        }),
        assignment({ assignmentId: 'c', requiredCompletions: 1, dueDate: NOW }),
      ],
    });
    expect(result).toEqual({
      ready: false,
      blocking: [
        {
          assignmentId: 'b',
          trackId: 'track-b',
          trackName: 'Track b',
          targetRole: 'INVESTIGATOR',
          required: 3,
          completed: 1,
          missing: 2,
          overdue: true,
        },
        {
          assignmentId: 'a',
          trackId: 'track-a',
          trackName: 'Track a',
          targetRole: 'ADMIN',
          required: 2,
          completed: 0,
          missing: 2,
          overdue: false,
        },
        // Due exactly now is not yet overdue (dueDate < now).
        {
          assignmentId: 'c',
          trackId: 'track-c',
          trackName: 'Track c',
          targetRole: 'INVESTIGATOR',
          required: 1,
          completed: 0,
          missing: 1,
          overdue: false,
        },
      ],
    });
  });

  it.each([
    ['complete', 3, 3, true],
    ['over-complete', 3, 4, true],
    ['one short', 3, 2, false],
    ['nothing required', 0, 0, true],
  ])('a required assignment %s (%i required, %i done) -> ready %s', (_, required, done, ready) => {
    const r = goLiveReadiness({
      now: NOW,
      assignments: [
        assignment({ assignmentId: 'x', requiredCompletions: required, completions: done }),
      ],
    });
    expect(r.ready).toBe(ready);
  });

  it.each([
    ['an invalid now', { now: new Date(Number.NaN), assignments: [] }, 'READINESS.INVALID_DATE'],
    [
      'an invalid due date',
      { now: NOW, assignments: [assignment({ assignmentId: 'x', dueDate: new Date('nope') })] },
      'READINESS.INVALID_DATE',
    ],
    [
      'negative completions',
      { now: NOW, assignments: [assignment({ assignmentId: 'x', completions: -1 })] },
      'READINESS.INVALID_COUNT',
    ],
    [
      'fractional required completions',
      { now: NOW, assignments: [assignment({ assignmentId: 'x', requiredCompletions: 1.5 })] },
      'READINESS.INVALID_COUNT',
    ],
  ])('throws for %s', (_, input, code) => {
    expect(() => goLiveReadiness(input)).toThrow(domainError(code));
  });

  const assignmentsArb = fc.array(
    fc.record({
      assignmentId: fc.uuid(),
      trackId: fc.string(),
      trackName: fc.string(),
      targetRole: fc.constantFrom('ADMIN', 'INVESTIGATOR', 'EMPLOYEE'),
      requiredForGoLive: fc.boolean(),
      requiredCompletions: fc.nat(20),
      completions: fc.nat(25),
      dueDate: fc.option(fc.date({ noInvalidDate: true }), { nil: null }),
    }),
    { maxLength: 15 },
  );

  it('is never ready while a go-live assignment lacks completions, and lists exactly those', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), assignmentsArb, (now, assignments) => {
        const r = goLiveReadiness({ now, assignments });
        const lacking = assignments.filter(
          (a) => a.requiredForGoLive && a.completions < a.requiredCompletions,
        );
        expect(r.ready).toBe(lacking.length === 0);
        expect(r.blocking.map((b) => b.assignmentId)).toEqual(lacking.map((a) => a.assignmentId));
        for (const b of r.blocking) {
          expect(b.missing).toBe(b.required - b.completed);
          expect(b.missing).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('trainingStatus', () => {
  it('reports every assignment, go-live or not, and the overall state', () => {
    expect(
      trainingStatus({
        now: NOW,
        assignments: [
          { assignmentId: 'late', requiredCompletions: 3, completions: 1, dueDate: BEFORE },
          { assignmentId: 'done-late', requiredCompletions: 3, completions: 3, dueDate: BEFORE },
          { assignmentId: 'pending', requiredCompletions: 2, completions: 0, dueDate: AFTER },
          { assignmentId: 'undated', requiredCompletions: 1, completions: 0 },
        ],
      }),
    ).toEqual({
      complete: false,
      assignments: [
        { assignmentId: 'late', required: 3, completed: 1, complete: false, overdue: true },
        { assignmentId: 'done-late', required: 3, completed: 3, complete: true, overdue: false },
        { assignmentId: 'pending', required: 2, completed: 0, complete: false, overdue: false },
        { assignmentId: 'undated', required: 1, completed: 0, complete: false, overdue: false },
      ],
    });
  });

  it.each([
    [[], true],
    [[{ assignmentId: 'a', requiredCompletions: 2, completions: 2 }], true],
    [
      [
        { assignmentId: 'a', requiredCompletions: 2, completions: 2 },
        { assignmentId: 'b', requiredCompletions: 2, completions: 1 },
      ],
      false,
    ],
  ])('overall complete for %j is %s', (assignments, complete) => {
    expect(trainingStatus({ now: NOW, assignments }).complete).toBe(complete);
  });

  it('throws READINESS.INVALID_COUNT for a negative count', () => {
    expect(() =>
      trainingStatus({
        now: NOW,
        assignments: [{ assignmentId: 'a', requiredCompletions: -2, completions: 0 }],
      }),
    ).toThrow(domainError('READINESS.INVALID_COUNT'));
  });
});

/** Midnight UTC, n days after 2026-01-01. */
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));

describe('completionForecast', () => {
  it.each([
    // label, now, dueDate, completed, required, completion days, onTrack, projected
    ['already complete', 10, 20, 5, 5, [1, 2, 3, 4, 5], true, 10],
    ['pace reaches the target', 10, 20, 5, 10, [1, 2, 3, 4, 5], true, 10],
    ['pace falls one short', 10, 20, 5, 11, [1, 2, 3, 4, 5], false, 10],
    ['no pace yet', 10, 20, 0, 1, [], false, 0],
    ['earlier certificates do not make pace', 10, 20, 4, 6, [-30, -20, -10, 5], false, 5],
    ['fractional projections round down', 10, 25, 1, 3, [4], false, 2],
    ['due date already passed', 10, 5, 3, 4, [1, 2, 3], false, 3],
    ['no time elapsed', 0, 20, 0, 1, [], false, 0],
  ] as const)('%s', (_, now, due, completed, required, days, onTrack, projectedCompletions) => {
    expect(
      completionForecast({
        now: day(now),
        startedAt: day(0),
        dueDate: day(due),
        completed,
        required,
        completionDates: days.map(day),
      }),
    ).toEqual({ onTrack, projectedCompletions });
  });

  it.each([
    [3, 3, true],
    [2, 3, false],
  ])(
    'without a due date is on track only when complete (%i of %i)',
    (completed, required, onTrack) => {
      expect(
        completionForecast({
          now: day(10),
          startedAt: day(0),
          completed,
          required,
          completionDates: [day(1)],
        }),
      ).toEqual({ onTrack, projectedCompletions: completed });
    },
  );

  it('throws for invalid dates and counts', () => {
    const base = {
      now: day(10),
      startedAt: day(0),
      dueDate: day(20),
      completed: 0,
      required: 1,
      completionDates: [],
    };
    expect(() => completionForecast({ ...base, startedAt: new Date(Number.NaN) })).toThrow(
      domainError('READINESS.INVALID_DATE'),
    );
    expect(() => completionForecast({ ...base, completionDates: [new Date('x')] })).toThrow(
      domainError('READINESS.INVALID_DATE'),
    );
    expect(() => completionForecast({ ...base, required: -1 })).toThrow(
      domainError('READINESS.INVALID_COUNT'),
    );
  });

  it('never projects fewer than completed, and is on track whenever complete', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.nat(50),
        fc.nat(50),
        fc.array(fc.integer({ min: -100, max: 400 }), { maxLength: 50 }),
        (now, due, completed, required, days) => {
          const f = completionForecast({
            now: day(now),
            startedAt: day(0),
            dueDate: day(due),
            completed,
            required,
            completionDates: days.map(day),
          });
          expect(f.projectedCompletions).toBeGreaterThanOrEqual(completed);
          expect(Number.isInteger(f.projectedCompletions)).toBe(true);
          if (completed >= required) expect(f.onTrack).toBe(true);
          expect(f.onTrack).toBe(completed >= required || f.projectedCompletions >= required);
        },
      ),
    );
  });
});

describe('completionForecast with a count', () => {
  it('gives the same projection from a count as from the dates it counts', () => {
    const startedAt = new Date('2026-01-01T00:00:00Z');
    const now = new Date('2026-01-11T00:00:00Z');
    const dueDate = new Date('2026-01-21T00:00:00Z');
    const dates = [new Date('2026-01-03T00:00:00Z'), new Date('2026-01-05T00:00:00Z')];
    const base = { now, startedAt, dueDate, completed: 3, required: 6 };
    const fromDates = completionForecast({ ...base, completionDates: dates });
    expect(completionForecast({ ...base, completedSinceStart: 2 })).toEqual(fromDates);
    expect(fromDates).toEqual({ onTrack: false, projectedCompletions: 5 });
  });

  it('rejects a negative count', () => {
    expect(() =>
      completionForecast({
        now: new Date('2026-01-11T00:00:00Z'),
        startedAt: new Date('2026-01-01T00:00:00Z'),
        dueDate: null,
        completed: 0,
        required: 1,
        completedSinceStart: -1,
      }),
    ).toThrow(expect.objectContaining({ code: 'READINESS.INVALID_COUNT' }));
  });
});
