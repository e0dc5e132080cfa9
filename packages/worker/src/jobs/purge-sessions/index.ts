import type { EntityManager } from '@mikro-orm/postgresql';
import type { Agenda } from 'agenda';
import { defineJob } from '../../queue.ts';

export const PURGE_SESSIONS = 'sessions.purge';
/** Hourly: expired sessions and sign-in failures past the rate-limit window. */
export const PURGE_SESSIONS_SCHEDULE = '17 * * * *';

/** Idempotent: deleting what has expired twice deletes nothing the second time. */
export async function purgeSessions(
  em: EntityManager,
): Promise<{ sessions: number; failures: number }> {
  const sessions = await em.execute<{ n: number }[]>(
    `with d as (delete from session where expires_at <= now() returning 1) select count(*)::int as n from d`,
  );
  const failures = await em.execute<{ n: number }[]>(
    `with d as (delete from login_failure where at < now() - interval '1 hour' returning 1) select count(*)::int as n from d`,
  );
  return { sessions: sessions[0]?.n ?? 0, failures: failures[0]?.n ?? 0 };
}

export function definePurgeSessions(agenda: Agenda, fork: () => EntityManager): void {
  defineJob(agenda, PURGE_SESSIONS, async () => {
    await purgeSessions(fork());
  });
}
