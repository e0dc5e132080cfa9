import { randomBytes } from 'node:crypto';
import { DomainError } from '@credence/domain';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/sql.ts';
import { audit } from '../audit/service.ts';
import { AuthLimits } from './limits.ts';
import { hashPassword } from './passwords.ts';
import { endOtherSessions, hashToken } from './sessions.ts';

/** How long a set-password link works. */
export const PASSWORD_LINK_HOURS = 24;

const linkNotValid = () =>
  new DomainError(
    'PASSWORD_LINK.NOT_FOUND',
    'This link no longer works: it was used, it expired, or a newer one replaced it. Ask your administrator for a new link.',
  );

/**
 * Creates a one-time set-password link for `userId` and returns its token, which exists
 * nowhere else: the table keeps only its SHA-256. Earlier unused links of the user stop
 * working. The caller has checked that `actorId` may do this.
 */
export async function issuePasswordLink(
  em: EntityManager,
  actorId: string,
  userId: string,
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const row = await em.transactional(async (tx) => {
    await db(tx)
      .deleteFrom('password_link')
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
    const inserted = await db(tx)
      .insertInto('password_link')
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        created_by_id: actorId,
        created_at: sql<string>`now()`,
        expires_at: sql<string>`now() + make_interval(hours => ${PASSWORD_LINK_HOURS})`,
      })
      .returning(sql<string>`to_json(expires_at)#>>'{}'`.as('expires_at'))
      .executeTakeFirstOrThrow();
    await audit(tx, actorId, 'user.password_link_created', {
      targetType: 'user',
      targetId: userId,
      details: { expiresAt: inserted.expires_at },
    });
    return inserted;
  });
  return { token, expiresAt: new Date(row.expires_at).toISOString() };
}

/**
 * Sets a password through a link: rate limited per address, the link consumed by a
 * conditional update (so of two concurrent uses exactly one succeeds), the user's other
 * sessions ended, the use audited.
 */
export async function setPasswordWithLink(
  em: EntityManager,
  input: { token: string; password: string },
  ip: string,
  currentSessionToken: string | null,
): Promise<void> {
  await (await AuthLimits.of(em)).consumeSetPassword(ip);
  const tokenHash = hashToken(input.token);
  const live = await db(em)
    .selectFrom('password_link')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .executeTakeFirst();
  if (!live) throw linkNotValid();
  // Hashing is slow: never inside the transaction.
  const passwordHash = await hashPassword(input.password);
  await em.transactional(async (tx) => {
    const used = await db(tx)
      .updateTable('password_link')
      .set({ used_at: sql<string>`now()` })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<string>`now()`)
      .returning(['user_id', 'created_by_id'])
      .executeTakeFirst();
    if (!used) throw linkNotValid();
    await db(tx)
      .updateTable('app_user')
      .set({ password_hash: passwordHash, updated_at: sql<string>`now()` })
      .where('id', '=', used.user_id)
      .execute();
    await endOtherSessions(tx, used.user_id, currentSessionToken);
    await audit(tx, used.user_id, 'user.password_set_by_link', {
      targetType: 'user',
      targetId: used.user_id,
      details: { linkCreatedBy: used.created_by_id },
    });
  });
}
