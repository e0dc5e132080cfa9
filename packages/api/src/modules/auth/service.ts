import type { EntityManager } from '@mikro-orm/postgresql';
import { isDomainError, type LoginInput } from '@credence/domain';
import { sql } from 'kysely';
import { db } from '../../db/sql.ts';
import { fail } from '../../errors.ts';
import { audit } from '../audit/service.ts';
import { AuthLimits, signInKeys } from './limits.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { createSession, endOtherSessions, type SessionPolicy } from './sessions.ts';

/**
 * Checks the password and opens a session. Rate limited per account and address, per address
 * and per account (see SIGN_IN_LIMITS); the attempt is counted before the password is checked.
 */
export async function login(
  em: EntityManager,
  input: LoginInput,
  ip: string,
  policy: SessionPolicy,
): Promise<{ token: string; userId: string }> {
  const limits = await AuthLimits.of(em);
  const keys = signInKeys(ip, input.email);
  await limits.assertNotBlocked(keys);
  await limits.reserve(keys);
  const user = await db(em)
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'is_active'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  let ok: boolean;
  try {
    const hash = user?.password_hash ?? (await dummyPasswordHash());
    ok = await verifyPassword(hash, input.password);
  } catch (error) {
    // Turned away by a busy server: the attempt was never judged, so it does not count.
    if (isDomainError(error)) await limits.release(keys);
    throw error;
  }
  if (!ok || !user?.is_active)
    return fail('AUTH.INVALID_CREDENTIALS', 'Email or password is wrong');
  await limits.succeeded(keys);
  return { token: await createSession(em, user.id, policy), userId: user.id };
}

/**
 * A signed-in user's own password change: the current password is checked under the same
 * limits as a sign-in (a stolen session cannot guess it freely); other sessions end.
 */
export async function changeOwnPassword(
  em: EntityManager,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  ip: string,
  sessionToken: string | null,
): Promise<void> {
  const user = await db(em)
    .selectFrom('app_user')
    .select(['email', 'password_hash'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const limits = await AuthLimits.of(em);
  const keys = signInKeys(ip, user.email);
  await limits.assertNotBlocked(keys);
  await limits.reserve(keys);
  let ok: boolean;
  try {
    ok = await verifyPassword(user.password_hash, input.currentPassword);
  } catch (error) {
    if (isDomainError(error)) await limits.release(keys);
    throw error;
  }
  if (!ok) fail('AUTH.WRONG_PASSWORD', 'Your current password is wrong');
  await limits.succeeded(keys);
  const passwordHash = await hashPassword(input.newPassword);
  await em.transactional(async (tx) => {
    await db(tx)
      .updateTable('app_user')
      .set({ password_hash: passwordHash, updated_at: sql<Date>`now()` })
      .where('id', '=', userId)
      .execute();
    await endOtherSessions(tx, userId, sessionToken);
    await audit(tx, userId, 'user.password_changed', { targetType: 'user', targetId: userId });
  });
}
