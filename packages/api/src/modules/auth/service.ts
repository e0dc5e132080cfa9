import type { EntityManager } from '@mikro-orm/postgresql';
import type { LoginInput } from '@credence/domain';
import { fail } from '../../errors.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { createSession } from './sessions.ts';

/** Failed sign-ins allowed per (address, email) within a sliding minute. */
export const LOGIN_FAILURES_PER_MINUTE = 10;

const failuresSince = async (em: EntityManager, key: string) => {
  const [row] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from login_failure where key = ? and at > now() - interval '1 minute'`,
    [key],
  );
  return row?.n ?? 0;
};

/**
 * Checks the password and opens a session. Each failure is recorded first and counted after,
 * so concurrent guesses cannot slip past the limit together.
 */
export async function login(
  em: EntityManager,
  input: LoginInput,
  ip: string,
  sessionTtlHours: number,
): Promise<{ token: string; userId: string }> {
  const key = `${ip}|${input.email}`;
  if ((await failuresSince(em, key)) >= LOGIN_FAILURES_PER_MINUTE) {
    fail('AUTH.RATE_LIMITED', 'Too many failed sign-ins; wait a minute and try again');
  }
  const [user] = await em.execute<{ id: string; password_hash: string; is_active: boolean }[]>(
    'select id, password_hash, is_active from app_user where email = ?',
    [input.email],
  );
  const hash = user?.password_hash ?? (await dummyPasswordHash());
  const ok = (await verifyPassword(hash, input.password)) && user !== undefined && user.is_active;
  if (!ok || !user) {
    const [row] = await em.execute<{ n: number }[]>(
      `with added as (insert into login_failure (key) values (?) returning 1)
       select (select count(*) from login_failure where key = ? and at > now() - interval '1 minute')::int + 1 as n`,
      [key, key],
    );
    if ((row?.n ?? 0) > LOGIN_FAILURES_PER_MINUTE) {
      fail('AUTH.RATE_LIMITED', 'Too many failed sign-ins; wait a minute and try again');
    }
    return fail('AUTH.INVALID_CREDENTIALS', 'Email or password is wrong');
  }
  await em.execute(`delete from login_failure where key = ? or at < now() - interval '1 hour'`, [
    key,
  ]);
  return { token: await createSession(em, user.id, sessionTtlHours), userId: user.id };
}
