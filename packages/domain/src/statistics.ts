import type { DIRECTIONS } from './constants.ts';
import { MIN_PEER_COUNT, MIN_PEER_COUNT_FOR_QUARTILES } from './constants.ts';
import { DomainError } from './errors.ts';

export type Direction = (typeof DIRECTIONS)[number];

export interface PeerSummary {
  peerCount: number;
  p25: number | null;
  median: number | null;
  p75: number | null;
}

function assertFiniteValues(values: readonly number[], what: string): void {
  if (values.length === 0) throw new DomainError('STATS.EMPTY', `No ${what}`);
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DomainError('STATS.INVALID', `Non-finite value among the ${what}: ${String(v)}`);
    }
  }
}

function quantileOfSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo];
  const b = sorted[hi];
  if (a === undefined || b === undefined) throw new DomainError('STATS.RANGE', 'p out of range');
  if (lo === hi) return a;
  // Same expression as PostgreSQL's percentile_cont (first + (second - first) * fraction),
  // so values computed here and by the nightly SQL job agree; the clamp only removes a
  // last-bit rounding overshoot so the result never leaves [a, b].
  return Math.min(Math.max(a + (b - a) * (h - lo), a), b);
}

function sortAscending(values: readonly number[]): number[] {
  return values.toSorted((x, y) => x - y);
}

function assertProbability(p: number): void {
  // NaN fails both comparisons, hence the explicit negation.
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new DomainError('STATS.RANGE', `p must be in [0, 1], got ${String(p)}`);
  }
}

/**
 * Quantile by linear interpolation, Hyndman–Fan type 7 (= PostgreSQL `percentile_cont`,
 * numpy `linear`). Values may come in any order.
 *
 * Throws `STATS.EMPTY` (no values), `STATS.RANGE` (p outside [0, 1] or NaN) and
 * `STATS.INVALID` (a non-finite value).
 */
export function quantile(values: readonly number[], p: number): number {
  assertFiniteValues(values, 'values');
  assertProbability(p);
  return quantileOfSorted(sortAscending(values), p);
}

/**
 * Percentile rank `100 * (L + 0.5 * E) / N`, unrounded (docs/product-rules.md). The peers include
 * the organisation itself; L counts peers strictly worse than `value` (lower when higher is
 * better, higher when lower is better), E peers equal to it.
 *
 * Throws `STATS.EMPTY` (no peers) and `STATS.INVALID` (non-finite value or unknown direction).
 */
export function percentileRank(
  peers: readonly number[],
  value: number,
  direction: Direction = 'HIGHER_IS_BETTER',
): number {
  assertFiniteValues(peers, 'peers');
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError('STATS.INVALID', `Value must be finite, got ${String(value)}`);
  }
  if (direction !== 'HIGHER_IS_BETTER' && direction !== 'LOWER_IS_BETTER') {
    throw new DomainError('STATS.INVALID', `Unknown direction: ${String(direction)}`);
  }
  let worse = 0;
  let equal = 0;
  for (const peer of peers) {
    if (peer === value) equal += 1;
    else if (direction === 'HIGHER_IS_BETTER' ? peer < value : peer > value) worse += 1;
  }
  return (100 * (worse + 0.5 * equal)) / peers.length;
}

/**
 * What a client may see of a peer group: nothing below {@link MIN_PEER_COUNT} peers, and
 * the quartiles (p25, median, p75) only from {@link MIN_PEER_COUNT_FOR_QUARTILES} peers.
 * Min, max and mean are deliberately absent (privacy).
 *
 * Throws `STATS.INVALID` for a non-finite value, whatever the group size, so bad data is
 * noticed even when it would be hidden.
 */
export function summarizePeers(values: readonly number[]): PeerSummary | null {
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DomainError('STATS.INVALID', `Non-finite value among the peers: ${String(v)}`);
    }
  }
  if (values.length < MIN_PEER_COUNT) return null;
  const peerCount = values.length;
  if (peerCount < MIN_PEER_COUNT_FOR_QUARTILES) {
    return { peerCount, p25: null, median: null, p75: null };
  }
  const sorted = sortAscending(values);
  return {
    peerCount,
    p25: quantileOfSorted(sorted, 0.25),
    median: quantileOfSorted(sorted, 0.5),
    p75: quantileOfSorted(sorted, 0.75),
  };
}
