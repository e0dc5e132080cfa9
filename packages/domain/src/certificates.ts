import type { CERTIFICATE_STATUSES } from './constants.ts';
import { CERTIFICATE_VALIDITY_MONTHS } from './constants.ts';
import { DomainError } from './errors.ts';
import { isNonNegativeInteger, isValidDate } from './internal.ts';

export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/**
 * `CERT-YYYY-NNNNN`: year of issue and the per-year sequence, zero-padded to five digits
 * and simply longer after 99999 (never truncated, so numbers stay unique).
 * Throws `CERTIFICATE.INVALID_NUMBER` for a year outside 1000..9999 or a sequence that is
 * not a non-negative integer.
 */
export function formatCertificateNumber(year: number, sequence: number): string {
  if (!Number.isSafeInteger(year) || year < 1000 || year > 9999) {
    throw new DomainError(
      'CERTIFICATE.INVALID_NUMBER',
      `Invalid certificate year: ${String(year)}`,
    );
  }
  if (!isNonNegativeInteger(sequence)) {
    throw new DomainError(
      'CERTIFICATE.INVALID_NUMBER',
      `Invalid certificate sequence: ${String(sequence)}`,
    );
  }
  return `CERT-${String(year)}-${String(sequence).padStart(5, '0')}`;
}

function daysInMonthUtc(year: number, monthIndex: number): number {
  // Leap rule computed directly: Date.UTC maps years 0..99 to 19xx.
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
  return days[monthIndex] ?? 31;
}

/**
 * Expiry of a certificate issued at `issuedAt`: the same day and time of day
 * `validityMonths` calendar months later in UTC, clamped to the last day of a shorter month
 * (2024-02-29 + 24 → 2026-02-28, 2025-01-31 + 1 → 2025-02-28). UTC so that the result does
 * not depend on the server's time zone.
 *
 * Throws `CERTIFICATE.INVALID_DATE` for an invalid date or a validity that is not a positive
 * integer number of months.
 */
export function certificateExpiry(
  issuedAt: Date,
  validityMonths: number = CERTIFICATE_VALIDITY_MONTHS,
): Date {
  if (!isValidDate(issuedAt)) {
    throw new DomainError('CERTIFICATE.INVALID_DATE', '`issuedAt` must be a valid Date');
  }
  if (!isNonNegativeInteger(validityMonths) || validityMonths === 0) {
    throw new DomainError(
      'CERTIFICATE.INVALID_DATE',
      `Validity must be a positive integer number of months, got ${String(validityMonths)}`,
    );
  }
  const monthsTotal = issuedAt.getUTCMonth() + validityMonths;
  const year = issuedAt.getUTCFullYear() + Math.floor(monthsTotal / 12);
  const month = monthsTotal % 12;
  const day = Math.min(issuedAt.getUTCDate(), daysInMonthUtc(year, month));

  const result = new Date(issuedAt.getTime());
  // Day 1 first, so that setting the month never overflows into the next one.
  result.setUTCDate(1);
  result.setUTCFullYear(year, month, day);
  if (Number.isNaN(result.getTime())) {
    throw new DomainError('CERTIFICATE.INVALID_DATE', 'Expiry is outside the range of Date');
  }
  return result;
}

export interface CertificateStatusInput {
  now: Date;
  /** null = never expires. */
  expiresAt: Date | null;
  revokedAt?: Date | null;
  issuedForMajorVersion: number;
  currentMajorVersion: number;
}

/**
 * The status shown for a certificate, derived rather than stored so that it is right at any
 * `now`. Precedence: REVOKED (a deliberate act wins), then SUPERSEDED (a newer major version
 * of the track exists), then EXPIRED (`now >= expiresAt`), else ACTIVE.
 *
 * Throws `CERTIFICATE.INVALID_DATE` for invalid dates and `CERTIFICATE.INVALID_VERSION` for
 * major versions that are not non-negative integers.
 */
export function certificateStatus(input: CertificateStatusInput): CertificateStatus {
  const { now, expiresAt, revokedAt, issuedForMajorVersion, currentMajorVersion } = input;
  if (!isValidDate(now))
    throw new DomainError('CERTIFICATE.INVALID_DATE', '`now` must be a valid Date');
  if (expiresAt != null && !isValidDate(expiresAt)) {
    throw new DomainError('CERTIFICATE.INVALID_DATE', '`expiresAt` must be a valid Date or null');
  }
  if (revokedAt != null && !isValidDate(revokedAt)) {
    throw new DomainError('CERTIFICATE.INVALID_DATE', '`revokedAt` must be a valid Date or null');
  }
  if (!isNonNegativeInteger(issuedForMajorVersion) || !isNonNegativeInteger(currentMajorVersion)) {
    throw new DomainError(
      'CERTIFICATE.INVALID_VERSION',
      'Major versions must be non-negative integers',
    );
  }
  if (revokedAt != null) return 'REVOKED';
  if (currentMajorVersion > issuedForMajorVersion) return 'SUPERSEDED';
  if (expiresAt != null && now.getTime() >= expiresAt.getTime()) return 'EXPIRED';
  return 'ACTIVE';
}
