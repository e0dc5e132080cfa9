import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import { z } from 'zod';
import { logger } from '@credence/api/logger';
import { runBenchmarks } from '@credence/api/services';
import { defineJob } from '../../queue.ts';

export const BENCHMARKS_NIGHTLY = 'benchmarks.nightly';
/** Every night at 02:00 in the configured time zone. */
export const BENCHMARKS_NIGHTLY_SCHEDULE = '0 2 * * *';
/** No payload: a run always covers every metric and group of the current day. */
export const ZBenchmarksNightlyPayload = z.strictObject({}).default({});

/**
 * The nightly peer benchmarks: one set-based statement in PostgreSQL (see `runBenchmarks`),
 * idempotent per day, one run at a time across workers.
 */
export function defineBenchmarksNightly(
  agenda: Agenda,
  fork: () => EntityManager,
  timeZone: string,
): void {
  defineJob(agenda, BENCHMARKS_NIGHTLY, async (job) => {
    ZBenchmarksNightlyPayload.parse(job.attrs.data ?? {});
    const run = await runBenchmarks(fork(), { trigger: 'SCHEDULE', timeZone });
    logger.info(
      {
        job: BENCHMARKS_NIGHTLY,
        outcome: run.outcome,
        organizations: run.organizations,
        rowsWritten: run.rowsWritten,
        durationMs: run.durationMs,
      },
      'benchmark run finished',
    );
  });
}
