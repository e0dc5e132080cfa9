import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  certificateExpiry,
  certificateStatus,
  formatCertificateNumber,
  type CertificateStatusInput,
} from './certificates.ts';

const domainError = (code: string) => expect.objectContaining({ name: 'DomainError', code });

describe('formatCertificateNumber', () => {
  it.each([
    [2026, 42, 'CERT-2026-00042'],
    [2026, 1, 'CERT-2026-00001'],
    [2026, 0, 'CERT-2026-00000'],
    [2026, 99999, 'CERT-2026-99999'],
    [2026, 100000, 'CERT-2026-100000'],
    [2026, 123456, 'CERT-2026-123456'],
    [1999, 7, 'CERT-1999-00007'],
  ])('(%i, %i) -> %s', (year, sequence, expected) => {
    expect(formatCertificateNumber(year, sequence)).toBe(expected);
  });

  it.each([
    [2026, -1],
    [2026, 1.5],
    [2026, Number.NaN],
    [999, 1],
    [10000, 1],
    [2026.5, 1],
  ])('throws CERTIFICATE.INVALID_NUMBER for (%d, %d)', (year, sequence) => {
    expect(() => formatCertificateNumber(year, sequence)).toThrow(
      domainError('CERTIFICATE.INVALID_NUMBER'),
    );
  });

  it('gives distinct numbers for distinct sequences and keeps the format', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.nat(), fc.nat(), (year, a, b) => {
        const na = formatCertificateNumber(year, a);
        expect(na).toMatch(/^CERT-\d{4}-\d{5,}$/);
        expect(na === formatCertificateNumber(year, b)).toBe(a === b);
      }),
    );
  });
});

const monthIndex = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();

describe('certificateExpiry', () => {
  it.each([
    ['2026-01-15T10:30:00.000Z', undefined, '2028-01-15T10:30:00.000Z'],
    ['2024-02-29T08:00:00.000Z', 24, '2026-02-28T08:00:00.000Z'],
    ['2024-02-29T08:00:00.000Z', 48, '2028-02-29T08:00:00.000Z'],
    ['2025-01-31T23:59:59.999Z', 1, '2025-02-28T23:59:59.999Z'],
    ['2024-01-31T00:00:00.000Z', 1, '2024-02-29T00:00:00.000Z'],
    ['2025-03-31T12:00:00.000Z', 1, '2025-04-30T12:00:00.000Z'],
    ['2025-08-31T12:00:00.000Z', 1, '2025-09-30T12:00:00.000Z'],
    ['2025-12-31T12:00:00.000Z', 2, '2026-02-28T12:00:00.000Z'],
    ['2025-11-15T00:00:00.000Z', 2, '2026-01-15T00:00:00.000Z'],
    ['2025-05-10T00:00:00.000Z', 12, '2026-05-10T00:00:00.000Z'],
    ['2025-05-10T00:00:00.000Z', 36, '2028-05-10T00:00:00.000Z'],
    ['2099-12-31T00:00:00.000Z', 2, '2100-02-28T00:00:00.000Z'],
  ])('%s + %s months -> %s', (issued, months, expected) => {
    expect(certificateExpiry(new Date(issued), months).toISOString()).toBe(expected);
  });

  it('does not modify its input', () => {
    const issued = new Date('2024-02-29T08:00:00Z');
    certificateExpiry(issued);
    expect(issued.toISOString()).toBe('2024-02-29T08:00:00.000Z');
  });

  it.each([
    [new Date(Number.NaN), 24],
    [new Date('2026-01-01T00:00:00Z'), 0],
    [new Date('2026-01-01T00:00:00Z'), -1],
    [new Date('2026-01-01T00:00:00Z'), 1.5],
    [new Date('2026-01-01T00:00:00Z'), Number.NaN],
  ])('throws CERTIFICATE.INVALID_DATE for (%s, %d)', (issued, months) => {
    expect(() => certificateExpiry(issued, months)).toThrow(
      domainError('CERTIFICATE.INVALID_DATE'),
    );
  });

  it('keeps the time of day and moves by whole calendar months, never past the month', () => {
    const dateArb = fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2200-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 240 }), (issued, months) => {
        const expiry = certificateExpiry(issued, months);
        expect(expiry.getTime()).toBeGreaterThan(issued.getTime());
        expect(expiry.getTime() % 86_400_000).toBe(issued.getTime() % 86_400_000);
        expect(monthIndex(expiry) - monthIndex(issued)).toBe(months);
        expect(expiry.getUTCDate()).toBeLessThanOrEqual(issued.getUTCDate());
      }),
    );
  });
});

describe('certificateStatus', () => {
  const NOW = new Date('2026-06-01T00:00:00Z');
  const PAST = new Date('2026-05-01T00:00:00Z');
  const FUTURE = new Date('2026-07-01T00:00:00Z');
  const base: CertificateStatusInput = {
    now: NOW,
    expiresAt: FUTURE,
    revokedAt: null,
    issuedForMajorVersion: 1,
    currentMajorVersion: 1,
  };

  it.each([
    ['valid', {}, 'ACTIVE'],
    ['never expiring', { expiresAt: null }, 'ACTIVE'],
    ['revokedAt omitted', { revokedAt: undefined }, 'ACTIVE'],
    ['a newer minor version only', { currentMajorVersion: 1 }, 'ACTIVE'],
    ['expired', { expiresAt: PAST }, 'EXPIRED'],
    ['expiring exactly now', { expiresAt: NOW }, 'EXPIRED'],
    ['one millisecond before expiry', { expiresAt: new Date(NOW.getTime() + 1) }, 'ACTIVE'],
    ['revoked', { revokedAt: PAST }, 'REVOKED'],
    ['revoked and expired', { revokedAt: PAST, expiresAt: PAST }, 'REVOKED'],
    ['revoked and superseded', { revokedAt: PAST, currentMajorVersion: 2 }, 'REVOKED'],
    ['superseded', { currentMajorVersion: 2 }, 'SUPERSEDED'],
    ['superseded and expired', { currentMajorVersion: 3, expiresAt: PAST }, 'SUPERSEDED'],
    ['issued for a newer major than current', { issuedForMajorVersion: 2 }, 'ACTIVE'],
  ] as const)('%s -> %s', (_, overrides, expected) => {
    expect(certificateStatus({ ...base, ...overrides })).toBe(expected);
  });

  it.each([
    [{ now: new Date(Number.NaN) }, 'CERTIFICATE.INVALID_DATE'],
    [{ expiresAt: new Date('nope') }, 'CERTIFICATE.INVALID_DATE'],
    [{ revokedAt: new Date('nope') }, 'CERTIFICATE.INVALID_DATE'],
    [{ currentMajorVersion: -1 }, 'CERTIFICATE.INVALID_VERSION'],
    [{ issuedForMajorVersion: 1.5 }, 'CERTIFICATE.INVALID_VERSION'],
  ])('throws for %j', (overrides, code) => {
    expect(() => certificateStatus({ ...base, ...overrides })).toThrow(domainError(code));
  });
});
