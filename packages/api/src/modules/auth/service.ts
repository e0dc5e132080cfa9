import type { EntityManager } from '@mikro-orm/postgresql';
import type { LoginInput } from '@credence/domain';
import { fail } from '../../errors.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { createSession } from './sessions.ts';

/** Failed sign-ins allowed per (address, email) within a sliding minute. */
export const LOGIN_FAILURES_PER_MINUTE = 10;

/**
 * Records an attempt against the key before the password is checked, and counts the key's
 * attempts in the last minute in the same statement: concurrent or batched guesses each see
 * the others, so no more than LOGIN_FAILURES_PER_MINUTE passwords are ever verified per
 * minute and key. A successful sign-in removes its own row (and the key's earlier failures).
 */
async function reserveAttempt(
  em: EntityManager,
  key: string,
): Promise<{ id: string; count: number }> {
  const [row] = await em.execute<{ id: string; n: number }[]>(
    `with added as (insert into login_failure (key) values (?) returning id)
     select (select id from added)::text as id,
            (select count(*) from login_failure where key = ? and at > now() - interval '1 minute')::int + 1 as n`,
    [key, key],
  );
  if (!row) throw new Error('attempt not recorded');
  return { id: row.id, count: row.n };
}

/** Checks the password and opens a session; rate limited per (address, email). */
export async function login(
  em: EntityManager,
  input: LoginInput,
  ip: string,
  sessionTtlHours: number,
): Promise<{ token: string; userId: string }> {
  const key = `${ip}|${input.email}`;
  const attempt = await reserveAttempt(em, key);
  if (attempt.count > LOGIN_FAILURES_PER_MINUTE) {
    fail('AUTH.RATE_LIMITED');
  }
  const [user] = await em.execute<{ id: string; password_hash: string; is_active: boolean }[]>(
    'select id, password_hash, is_active from app_user where email = ?',
    [input.email],
  );
  const hash = user?.password_hash ?? (await dummyPasswordHash());
  const ok = (await verifyPassword(hash, input.password)) && user !== undefined && user.is_active;
  if (!ok || !user) return fail('AUTH.INVALID_CREDENTIALS');
  await em.execute(
    `delete from login_failure where key = ? or id = ? or at < now() - interval '1 hour'`,
    [key, attempt.id],
  );
  return { token: await createSession(em, user.id, sessionTtlHours), userId: user.id };
}
