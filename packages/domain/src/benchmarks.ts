import { MIN_PEER_COUNT, MIN_PEER_COUNT_FOR_QUARTILES } from './constants.ts';
import { DomainError } from './errors.ts';
import { isNonNegativeInteger } from './internal.ts';

/**
 * The four kinds of peer group an organisation belongs to, from widest to narrowest: all
 * customers, its industry, its employee band, and its industry × band cell.
 */
export const PEER_GROUP_KINDS = ['ALL', 'INDUSTRY', 'BAND', 'INDUSTRY_BAND'] as const;
export type PeerGroupKind = (typeof PEER_GROUP_KINDS)[number];

/** The kind of group asked for by "within my industry" and/or "within my band". */
export function peerGroupKind(byIndustry: boolean, byBand: boolean): PeerGroupKind {
  if (byIndustry && byBand) return 'INDUSTRY_BAND';
  if (byIndustry) return 'INDUSTRY';
  if (byBand) return 'BAND';
  return 'ALL';
}

/** Peer counts of the four groups of one organisation (each includes the organisation). */
export interface PeerGroupCounts {
  ALL: number;
  INDUSTRY: number;
  BAND: number;
  INDUSTRY_BAND: number;
}

/**
 * Why a client does not see a group:
 * - `TOO_FEW`: fewer than {@link MIN_PEER_COUNT} organisations;
 * - `NESTED_DIFFERENCE`: it sits inside (or around) another group the client could see and
 *   the two differ by 1–4 organisations, so comparing both would tell how those few compare.
 */
export const PEER_GROUP_HIDDEN_REASONS = ['TOO_FEW', 'NESTED_DIFFERENCE'] as const;
export type PeerGroupHiddenReason = (typeof PEER_GROUP_HIDDEN_REASONS)[number];

export interface PeerGroupDisclosure {
  /** Whether a client may see the group at all (peer count and rank). */
  visible: boolean;
  /** Whether a client may see its quartiles (visible and at least 10 organisations). */
  quartiles: boolean;
  hiddenReason: PeerGroupHiddenReason | null;
}

/** A difference between two nested groups that would single out 1–4 organisations. */
const revealsFew = (outer: number, inner: number): boolean =>
  outer - inner >= 1 && outer - inner < MIN_PEER_COUNT;

/** The groups each group sits inside (all customers contains everything). */
const OUTER: Readonly<Record<PeerGroupKind, readonly PeerGroupKind[]>> = {
  ALL: [],
  INDUSTRY: ['ALL'],
  BAND: ['ALL'],
  INDUSTRY_BAND: ['ALL', 'INDUSTRY', 'BAND'],
};

/**
 * Which of an organisation's four peer groups a client may see (product privacy rule):
 * no group under {@link MIN_PEER_COUNT}; quartiles only from
 * {@link MIN_PEER_COUNT_FOR_QUARTILES}; an industry or band is hidden when all customers
 * minus it leaves 1–4 organisations; an industry × band cell is hidden when its industry,
 * its band or all customers minus the cell leaves 1–4. Hiding is decided on the counts
 * alone, so no two groups a client sees, one inside the other, differ by 1–4 organisations.
 *
 * Throws `PEER_GROUP.INVALID` for counts that are not non-negative integers or not nested
 * (a group larger than a group it sits in).
 */
export function peerGroupDisclosure(
  counts: PeerGroupCounts,
): Record<PeerGroupKind, PeerGroupDisclosure> {
  for (const kind of PEER_GROUP_KINDS) {
    if (!isNonNegativeInteger(counts[kind])) {
      throw new DomainError('PEER_GROUP.INVALID', `Invalid peer count for ${kind}`);
    }
    for (const outer of OUTER[kind]) {
      if (counts[kind] > counts[outer]) {
        throw new DomainError('PEER_GROUP.INVALID', `${kind} is larger than ${outer}`);
      }
    }
  }
  const result = {} as Record<PeerGroupKind, PeerGroupDisclosure>;
  for (const kind of PEER_GROUP_KINDS) {
    const n = counts[kind];
    let hiddenReason: PeerGroupHiddenReason | null = null;
    if (n < MIN_PEER_COUNT) hiddenReason = 'TOO_FEW';
    else if (OUTER[kind].some((outer) => revealsFew(counts[outer], n))) {
      hiddenReason = 'NESTED_DIFFERENCE';
    }
    const visible = hiddenReason === null;
    result[kind] = {
      visible,
      quartiles: visible && n >= MIN_PEER_COUNT_FOR_QUARTILES,
      hiddenReason,
    };
  }
  return result;
}

/** Plain words for a hidden group or hidden quartiles, as shown to a client. */
export function peerGroupHiddenText(reason: PeerGroupHiddenReason | 'FEW_FOR_QUARTILES'): string {
  switch (reason) {
    case 'TOO_FEW':
      return `Hidden: fewer than ${MIN_PEER_COUNT} organizations in this group.`;
    case 'NESTED_DIFFERENCE':
      return `Hidden: this group differs from a wider one by fewer than ${MIN_PEER_COUNT} organizations, which would reveal how those few compare.`;
    case 'FEW_FOR_QUARTILES':
      return `Quartiles hidden: fewer than ${MIN_PEER_COUNT_FOR_QUARTILES} organizations in this group.`;
    default:
      throw new DomainError('PEER_GROUP.INVALID', `Unknown reason: ${String(reason)}`);
  }
}

/** A metric's valid range as the catalog holds it (inclusive bounds). */
export interface MetricRange {
  key: string;
  minValue: number;
  maxValue: number;
}

/**
 * Null when the value may be stored for the metric, else the reason in words. Values must be
 * finite and within the metric's inclusive range.
 */
export function metricValueProblem(metric: MetricRange, value: number): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'The value must be a number';
  if (value < metric.minValue || value > metric.maxValue) {
    return `${metric.key} must be between ${String(metric.minValue)} and ${String(metric.maxValue)}, got ${String(value)}`;
  }
  return null;
}
