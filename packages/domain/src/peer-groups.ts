import { DomainError } from './errors.ts';
import { isNonNegativeInteger } from './internal.ts';

export interface EmployeeBand {
  readonly min: number;
  /** null = open-ended. */
  readonly max: number | null;
}

export interface PeerGroupDescriptor {
  industrySector?: string | null;
  employeeMin?: number | null;
  employeeMax?: number | null;
}

/** The employee bands of docs/product-rules.md; frozen because every peer group depends on them. */
export const EMPLOYEE_BANDS: readonly EmployeeBand[] = Object.freeze([
  Object.freeze({ min: 1, max: 100 }),
  Object.freeze({ min: 101, max: 500 }),
  Object.freeze({ min: 501, max: 2000 }),
  Object.freeze({ min: 2001, max: null }),
]);

/**
 * The band an organisation of this size belongs to, or null when none fits: counts below
 * 1, fractional, or non-finite counts (an organisation without a known size is in no band).
 */
export function employeeBand(employeeCount: number): EmployeeBand | null {
  if (!Number.isSafeInteger(employeeCount)) return null;
  return (
    EMPLOYEE_BANDS.find(
      (band) => employeeCount >= band.min && (band.max === null || employeeCount <= band.max),
    ) ?? null
  );
}

function describeBand(min: number | null, max: number | null): string | null {
  if (min === null && max === null) return null;
  if (max === null) return `${String(min)}+ employees`;
  // A band given only by its upper end; not produced by EMPLOYEE_BANDS but readable.
  if (min === null) return `up to ${String(max)} employees`;
  return `${String(min)}-${String(max)} employees`;
}

/**
 * Human description of a peer group as shown beside a benchmark, e.g.
 * 'Healthcare, 101-500 employees (6 organizations)' or 'all customers (37 organizations)'.
 * Numbers are not digit-grouped so that bands read exactly like '2001+'.
 *
 * Throws `PEER_GROUP.INVALID` for a peer count or band bound that is not a non-negative
 * integer, or a band whose minimum exceeds its maximum.
 */
export function describePeerGroup(group: PeerGroupDescriptor, peerCount: number): string {
  if (!isNonNegativeInteger(peerCount)) {
    throw new DomainError('PEER_GROUP.INVALID', `Invalid peer count: ${String(peerCount)}`);
  }
  const min = group.employeeMin ?? null;
  const max = group.employeeMax ?? null;
  if (
    (min !== null && !isNonNegativeInteger(min)) ||
    (max !== null && !isNonNegativeInteger(max))
  ) {
    throw new DomainError('PEER_GROUP.INVALID', 'Employee bounds must be non-negative integers');
  }
  if (min !== null && max !== null && min > max) {
    throw new DomainError(
      'PEER_GROUP.INVALID',
      `Empty employee band ${String(min)}-${String(max)}`,
    );
  }

  const label = peerGroupLabel(group);
  const noun = peerCount === 1 ? 'organization' : 'organizations';
  return `${label} (${String(peerCount)} ${noun})`;
}

/**
 * The name of a peer group without its size, e.g. 'Healthcare, 101-500 employees' or 'all
 * customers' — what is shown for a group whose size may not be told.
 */
export function peerGroupLabel(group: PeerGroupDescriptor): string {
  const parts: string[] = [];
  const sector = group.industrySector?.trim();
  if (sector) parts.push(sector);
  const band = describeBand(group.employeeMin ?? null, group.employeeMax ?? null);
  if (band !== null) parts.push(band);
  return parts.length > 0 ? parts.join(', ') : 'all customers';
}
