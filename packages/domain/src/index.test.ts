import { describe, expect, it } from 'vitest';
import * as domain from './index.ts';

describe('package root', () => {
  it('exports every name of the contract', () => {
    const names = [
      'DomainError',
      'DEFAULT_PASSING_SCORE',
      'MIN_PEER_COUNT',
      'MIN_PEER_COUNT_FOR_QUARTILES',
      'CERTIFICATE_VALIDITY_MONTHS',
      'gradeAttempt',
      'quantile',
      'percentileRank',
      'summarizePeers',
      'EMPLOYEE_BANDS',
      'employeeBand',
      'describePeerGroup',
      'trackProgress',
      'goLiveReadiness',
      'formatCertificateNumber',
      'certificateExpiry',
      'certificateStatus',
    ];
    for (const name of names) expect(domain).toHaveProperty(name);
  });

  it('has the contract constants', () => {
    expect({
      DEFAULT_PASSING_SCORE: domain.DEFAULT_PASSING_SCORE,
      MIN_PEER_COUNT: domain.MIN_PEER_COUNT,
      MIN_PEER_COUNT_FOR_QUARTILES: domain.MIN_PEER_COUNT_FOR_QUARTILES,
      CERTIFICATE_VALIDITY_MONTHS: domain.CERTIFICATE_VALIDITY_MONTHS,
    }).toEqual({
      DEFAULT_PASSING_SCORE: 80,
      MIN_PEER_COUNT: 5,
      MIN_PEER_COUNT_FOR_QUARTILES: 10,
      CERTIFICATE_VALIDITY_MONTHS: 24,
    });
  });
});
