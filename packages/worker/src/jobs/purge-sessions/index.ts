import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import { purgeExpiredSignInRows } from '@credence/api/services';
import { defineJob } from '../../queue.ts';

export const PURGE_SESSIONS = 'sessions.purge';
/** Hourly: expired sessions, stale rate-limit counters and spent set-password links. */
export const PURGE_SESSIONS_SCHEDULE = '17 * * * *';

/** Idempotent: deleting what has expired twice deletes nothing the second time. */
export function purgeSessions(
  em: EntityManager,
): Promise<{ sessions: number; rateLimits: number; passwordLinks: number }> {
  return purgeExpiredSignInRows(em);
}

export function definePurgeSessions(agenda: Agenda, fork: () => EntityManager): void {
  defineJob(agenda, PURGE_SESSIONS, async () => {
    await purgeSessions(fork());
  });
}
