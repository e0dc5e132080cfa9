import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileRank, quantile, summarizePeers } from './statistics.ts';

const domainError = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const peersArb = fc.array(finite, { minLength: 1, maxLength: 40 });
// Small integers make ties, which is where percentile ranks are interesting.
const tiedPeersArb = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 40 });
const probability = fc.double({ min: 0, max: 1, noNaN: true });

describe('quantile', () => {
  // Expected values from numpy.quantile(values, p) (method='linear', the default).
  it.each([
    [[1, 2, 3, 4], 0.25, 1.75],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.75, 3.25],
    [[15, 20, 35, 40, 50], 0.4, 29],
    [[15, 20, 35, 40, 50], 0.25, 20],
    [[15, 20, 35, 40, 50], 0.5, 35],
    [[50, 15, 40, 20, 35], 0.5, 35],
    [[3, 1, 2], 0, 1],
    [[3, 1, 2], 1, 3],
    [[7], 0.5, 7],
    [[7], 0, 7],
    [[1, 10], 0.1, 1.9],
    [[-5, 5], 0.5, 0],
    [[2, 2, 2, 2], 0.3, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.25, 3.25],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.75, 7.75],
  ])('quantile(%j, %f) = %f', (values, p, expected) => {
    expect(quantile(values, p)).toBeCloseTo(expected, 12);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it.each([
    ['no values', [], 0.5, 'STATS.EMPTY'],
    ['p below 0', [1, 2], -0.01, 'STATS.RANGE'],
    ['p above 1', [1, 2], 1.01, 'STATS.RANGE'],
    ['NaN p', [1, 2], Number.NaN, 'STATS.RANGE'],
    ['a NaN value', [1, Number.NaN], 0.5, 'STATS.INVALID'],
    ['an infinite value', [1, Number.POSITIVE_INFINITY], 0.5, 'STATS.INVALID'],
  ])('throws for %s', (_, values, p, code) => {
    expect(() => quantile(values, p)).toThrow(domainError(code));
  });

  it('lies between the minimum and the maximum', () => {
    fc.assert(
      fc.property(peersArb, probability, (values, p) => {
        const q = quantile(values, p);
        expect(q).toBeGreaterThanOrEqual(Math.min(...values));
        expect(q).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });

  it('is monotone in p and hits the extremes at 0 and 1', () => {
    fc.assert(
      fc.property(peersArb, probability, probability, (values, p1, p2) => {
        const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
        expect(quantile(values, lo)).toBeLessThanOrEqual(quantile(values, hi));
        // `===` rather than toBe: 0 and -0 are the same minimum here.
        expect(quantile(values, 0) === Math.min(...values)).toBe(true);
        expect(quantile(values, 1) === Math.max(...values)).toBe(true);
      }),
    );
  });
});

describe('percentileRank', () => {
  it.each([
    // peers, value, direction, expected
    [[10, 20, 30, 40], 30, 'HIGHER_IS_BETTER', 62.5],
    [[10, 20, 30, 40], 30, 'LOWER_IS_BETTER', 37.5],
    [[10, 20, 30, 40], 40, 'HIGHER_IS_BETTER', 87.5],
    [[10, 20, 30, 40], 10, 'HIGHER_IS_BETTER', 12.5],
    [[10, 20, 30, 40], 10, 'LOWER_IS_BETTER', 87.5],
    [[5, 5, 5, 5], 5, 'HIGHER_IS_BETTER', 50],
    [[1, 2, 2, 3, 4], 2, 'HIGHER_IS_BETTER', 40],
    [[1, 2, 2, 3, 4], 2, 'LOWER_IS_BETTER', 60],
    [[42], 42, 'HIGHER_IS_BETTER', 50],
    [[10, 20, 30], 25, 'HIGHER_IS_BETTER', (100 * 2) / 3],
    [[10, 20, 30], 5, 'HIGHER_IS_BETTER', 0],
    [[10, 20, 30], 35, 'HIGHER_IS_BETTER', 100],
  ] as const)('percentileRank(%j, %d, %s) = %f', (peers, value, direction, expected) => {
    expect(percentileRank(peers, value, direction)).toBeCloseTo(expected, 12);
  });

  it('defaults to HIGHER_IS_BETTER and is unrounded', () => {
    expect(percentileRank([1, 2, 3], 2)).toBe(50);
    expect(percentileRank([1, 2, 3], 1)).toBe(100 / 6);
  });

  it.each([
    ['no peers', [], 1, 'STATS.EMPTY'],
    ['a NaN value', [1, 2], Number.NaN, 'STATS.INVALID'],
    ['an infinite value', [1, 2], Number.NEGATIVE_INFINITY, 'STATS.INVALID'],
    ['a NaN peer', [1, Number.NaN], 1, 'STATS.INVALID'],
  ])('throws for %s', (_, peers, value, code) => {
    expect(() => percentileRank(peers, value)).toThrow(domainError(code));
  });

  it('throws STATS.INVALID for an unknown direction', () => {
    // @ts-expect-error -- directions can arrive untyped from the metrics catalog
    expect(() => percentileRank([1, 2], 1, 'SIDEWAYS')).toThrow(domainError('STATS.INVALID'));
  });

  it('lies strictly between 0 and 100 for a value that is one of the peers', () => {
    fc.assert(
      fc.property(
        tiedPeersArb.chain((peers) => fc.tuple(fc.constant(peers), fc.constantFrom(...peers))),
        fc.constantFrom('HIGHER_IS_BETTER' as const, 'LOWER_IS_BETTER' as const),
        ([peers, value], direction) => {
          const pr = percentileRank(peers, value, direction);
          expect(pr).toBeGreaterThan(0);
          expect(pr).toBeLessThan(100);
          expect(pr).toBeGreaterThanOrEqual(50 / peers.length - 1e-9);
        },
      ),
    );
  });

  it('stays within [0, 100] for any value', () => {
    fc.assert(
      fc.property(peersArb, finite, (peers, value) => {
        const pr = percentileRank(peers, value);
        expect(pr).toBeGreaterThanOrEqual(0);
        expect(pr).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('is monotone non-decreasing in the value when higher is better', () => {
    fc.assert(
      fc.property(
        tiedPeersArb,
        fc.integer({ min: -1, max: 11 }),
        fc.integer({ min: -1, max: 11 }),
        (peers, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(percentileRank(peers, lo)).toBeLessThanOrEqual(percentileRank(peers, hi));
          expect(percentileRank(peers, lo, 'LOWER_IS_BETTER')).toBeGreaterThanOrEqual(
            percentileRank(peers, hi, 'LOWER_IS_BETTER'),
          );
        },
      ),
    );
  });

  it('gives complementary ranks for the two directions', () => {
    fc.assert(
      fc.property(
        fc.oneof(tiedPeersArb, peersArb),
        fc.oneof(fc.integer({ min: -1, max: 11 }), finite),
        (peers, value) => {
          const sum =
            percentileRank(peers, value, 'HIGHER_IS_BETTER') +
            percentileRank(peers, value, 'LOWER_IS_BETTER');
          expect(Math.abs(sum - 100)).toBeLessThan(1e-9);
        },
      ),
    );
  });

  it('does not depend on the order of the peers', () => {
    fc.assert(
      fc.property(
        tiedPeersArb.chain((peers) =>
          fc.tuple(fc.constant(peers), fc.shuffledSubarray(peers, { minLength: peers.length })),
        ),
        fc.integer({ min: -1, max: 11 }),
        ([peers, shuffled], value) => {
          expect(percentileRank(shuffled, value)).toBe(percentileRank(peers, value));
        },
      ),
    );
  });
});

/** 1..n */
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('summarizePeers', () => {
  it.each([
    [0, null],
    [1, null],
    [4, null],
    [5, { peerCount: 5, p25: null, median: null, p75: null }],
    [9, { peerCount: 9, p25: null, median: null, p75: null }],
    [10, { peerCount: 10, p25: 3.25, median: 5.5, p75: 7.75 }],
    [11, { peerCount: 11, p25: 3.5, median: 6, p75: 8.5 }],
  ])('with %i peers -> %j', (n, expected) => {
    expect(summarizePeers(range(n).toReversed())).toEqual(expected);
  });

  it('throws STATS.INVALID for a non-finite value even in a hidden group', () => {
    expect(() => summarizePeers([1, Number.NaN])).toThrow(domainError('STATS.INVALID'));
  });

  it('agrees with quantile and orders its quartiles', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 10, maxLength: 60 }), (values) => {
        const s = summarizePeers(values);
        expect(s).toEqual({
          peerCount: values.length,
          p25: quantile(values, 0.25),
          median: quantile(values, 0.5),
          p75: quantile(values, 0.75),
        });
        if (s?.p25 == null || s.median == null || s.p75 == null)
          throw new Error('quartiles missing');
        expect(s.p25).toBeLessThanOrEqual(s.median);
        expect(s.median).toBeLessThanOrEqual(s.p75);
      }),
    );
  });
});
