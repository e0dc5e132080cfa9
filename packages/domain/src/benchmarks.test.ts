import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PEER_GROUP_KINDS,
  metricValueProblem,
  peerGroupDisclosure,
  peerGroupHiddenText,
  peerGroupKind,
  type PeerGroupCounts,
  type PeerGroupKind,
} from './benchmarks.ts';

const domainError = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const counts = (ALL: number, INDUSTRY: number, BAND: number, INDUSTRY_BAND: number) => ({
  ALL,
  INDUSTRY,
  BAND,
  INDUSTRY_BAND,
});

/** 'V' visible with quartiles, 'v' visible without, 'F' too few, 'N' nested difference. */
function summary(c: PeerGroupCounts): string {
  const d = peerGroupDisclosure(c);
  return PEER_GROUP_KINDS.map((k) => {
    const g = d[k];
    if (g.visible) return g.quartiles ? 'V' : 'v';
    return g.hiddenReason === 'TOO_FEW' ? 'F' : 'N';
  }).join('');
}

describe('peerGroupKind', () => {
  it.each([
    [false, false, 'ALL'],
    [true, false, 'INDUSTRY'],
    [false, true, 'BAND'],
    [true, true, 'INDUSTRY_BAND'],
  ] as const)('industry=%s band=%s → %s', (i, b, kind) => {
    expect(peerGroupKind(i, b)).toBe(kind);
  });
});

describe('peerGroupDisclosure', () => {
  it.each([
    // all, industry, band, cell → ALL INDUSTRY BAND CELL
    [counts(4, 4, 4, 4), 'FFFF'],
    [counts(5, 5, 5, 5), 'vvvv'],
    [counts(10, 10, 10, 10), 'VVVV'],
    [counts(9, 9, 9, 9), 'vvvv'],
    // an industry of 20 among 23: all minus it is 3 organisations
    [counts(23, 20, 23, 20), 'VNVN'],
    // all minus industry = 5: fine
    [counts(25, 20, 25, 20), 'VVVV'],
    // the complementary cell: industry 20, cell 17 → the other 3 of the industry
    [counts(100, 20, 60, 17), 'VVVN'],
    // band minus cell = 4
    [counts(100, 40, 21, 17), 'VVVN'],
    // band minus cell = 5 and industry minus cell = 0: shown
    [counts(100, 17, 22, 17), 'VVVV'],
    // cell = industry, but all minus cell is 2: hidden with the industry
    [counts(19, 17, 19, 17), 'VNVN'],
    // a cell of 4 is hidden for its size before anything else
    [counts(100, 20, 30, 4), 'VVVF'],
    // an industry of 3 and its cell
    [counts(50, 3, 30, 3), 'VFVF'],
    [counts(0, 0, 0, 0), 'FFFF'],
  ])('%j → %s', (c, expected) => {
    expect(summary(c)).toBe(expected);
  });

  it('refuses counts that are not nested or not counts', () => {
    expect(() => peerGroupDisclosure(counts(5, 6, 5, 5))).toThrow(
      domainError('PEER_GROUP.INVALID'),
    );
    expect(() => peerGroupDisclosure(counts(10, 5, 5, 6))).toThrow(
      domainError('PEER_GROUP.INVALID'),
    );
    expect(() => peerGroupDisclosure(counts(10, 5, 5, 1.5))).toThrow(
      domainError('PEER_GROUP.INVALID'),
    );
    expect(() => peerGroupDisclosure(counts(10, -1, 5, 0))).toThrow(
      domainError('PEER_GROUP.INVALID'),
    );
  });

  const nestedCounts = fc
    .record({
      cell: fc.integer({ min: 0, max: 40 }),
      industryExtra: fc.integer({ min: 0, max: 12 }),
      bandExtra: fc.integer({ min: 0, max: 12 }),
      rest: fc.integer({ min: 0, max: 12 }),
    })
    .map(({ cell, industryExtra, bandExtra, rest }) =>
      counts(cell + industryExtra + bandExtra + rest, cell + industryExtra, cell + bandExtra, cell),
    );
  const PAIRS: [PeerGroupKind, PeerGroupKind][] = [
    ['ALL', 'INDUSTRY'],
    ['ALL', 'BAND'],
    ['ALL', 'INDUSTRY_BAND'],
    ['INDUSTRY', 'INDUSTRY_BAND'],
    ['BAND', 'INDUSTRY_BAND'],
  ];

  it('never shows two nested groups that differ by 1–4 organisations', () => {
    fc.assert(
      fc.property(nestedCounts, (c) => {
        const d = peerGroupDisclosure(c);
        for (const [outer, inner] of PAIRS) {
          if (d[outer].visible && d[inner].visible) {
            const difference = c[outer] - c[inner];
            expect(difference === 0 || difference >= 5).toBe(true);
          }
        }
      }),
    );
  });

  it('shows no group under 5 and no quartiles under 10; hides only for a reason', () => {
    fc.assert(
      fc.property(nestedCounts, (c) => {
        const d = peerGroupDisclosure(c);
        for (const kind of PEER_GROUP_KINDS) {
          const g = d[kind];
          if (c[kind] < 5)
            expect(g).toEqual({ visible: false, quartiles: false, hiddenReason: 'TOO_FEW' });
          if (g.quartiles) expect(c[kind]).toBeGreaterThanOrEqual(10);
          if (g.visible) expect(g.hiddenReason).toBeNull();
          if (!g.visible) expect(g.quartiles).toBe(false);
        }
        // All customers is hidden only for its size.
        expect(d.ALL.visible).toBe(c.ALL >= 5);
      }),
    );
  });

  it('hides nothing that the rule does not require: big, well-separated groups show', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 100 }),
        fc.constantFrom(0, 5, 9),
        fc.constantFrom(0, 5, 9),
        fc.constantFrom(0, 5, 9),
        (cell, i, b, r) => {
          const d = peerGroupDisclosure(counts(cell + i + b + r, cell + i, cell + b, cell));
          expect(PEER_GROUP_KINDS.every((k) => d[k].visible && d[k].quartiles)).toBe(true);
        },
      ),
    );
  });
});

describe('peerGroupHiddenText', () => {
  it('says why in plain words', () => {
    expect(peerGroupHiddenText('TOO_FEW')).toBe(
      'Hidden: fewer than 5 organizations in this group.',
    );
    expect(peerGroupHiddenText('FEW_FOR_QUARTILES')).toContain('fewer than 10 organizations');
    expect(peerGroupHiddenText('NESTED_DIFFERENCE')).toContain('fewer than 5 organizations');
  });
});

describe('metricValueProblem', () => {
  const rate = { key: 'login_rate', minValue: 0, maxValue: 100 };
  it.each([
    [0, null],
    [100, null],
    [55.5, null],
    [-0.01, 'login_rate must be between 0 and 100, got -0.01'],
    [100.5, 'login_rate must be between 0 and 100, got 100.5'],
    [Number.NaN, 'The value must be a number'],
    [Number.POSITIVE_INFINITY, 'The value must be a number'],
  ])('%d → %s', (value, expected) => {
    expect(metricValueProblem(rate, value)).toBe(expected);
  });
});
