import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/sql.ts';

/** Rate-limit counters are kept this long past their expiry (as the limiter's own sweep does). */
const RATE_LIMIT_GRACE_MS = 60 * 60 * 1000;

/**
 * Deletes what sign-in leaves behind once it is of no use: expired sessions, rate-limit
 * counters an hour past their expiry, and set-password links a day after they expired or were
 * used. Idempotent: a second run deletes nothing.
 */
export async function purgeExpiredSignInRows(
  em: EntityManager,
): Promise<{ sessions: number; rateLimits: number; passwordLinks: number }> {
  const k = db(em);
  const sessions = await k
    .deleteFrom('session')
    .where('expires_at', '<=', sql<string>`now()`)
    .executeTakeFirst();
  const rateLimits = await k
    .deleteFrom('rate_limit')
    .where('expire', '<', Date.now() - RATE_LIMIT_GRACE_MS)
    .executeTakeFirst();
  const passwordLinks = await k
    .deleteFrom('password_link')
    .where(sql<boolean>`coalesce(used_at, expires_at) < now() - interval '1 day'`)
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    rateLimits: Number(rateLimits.numDeletedRows),
    passwordLinks: Number(passwordLinks.numDeletedRows),
  };
}
