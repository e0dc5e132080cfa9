import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parseCookie, stringifySetCookie } from 'cookie';
import { sql } from 'kysely';
import type { SessionUser } from '../../context.ts';
import { db } from '../../db/sql.ts';

export const SESSION_COOKIE = 'credence_session';

/** How long sessions last: idle minutes (renewed by use) and an absolute maximum in hours. */
export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

/** Use pushes the idle deadline forward at most this often per session: one write a minute. */
const RENEW_AFTER_SECONDS = 60;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function readSessionToken(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  const token = parseCookie(cookieHeader)[SESSION_COOKIE];
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

export function sessionCookie(token: string, options: { secure: boolean; maxAgeSeconds: number }) {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: token,
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    maxAge: options.maxAgeSeconds,
  });
}

export function clearedSessionCookie(secure: boolean) {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: '',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: 0,
  });
}

const minutes = (n: number) => sql<string>`make_interval(mins => ${n})`;
const hours = (n: number) => sql<string>`make_interval(hours => ${n})`;

/** Creates a session row and returns the token for the cookie (256 random bits). */
export async function createSession(
  em: EntityManager,
  userId: string,
  policy: SessionPolicy,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db(em)
    .insertInto('session')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at: sql<string>`now()`,
      expires_at: sql<string>`now() + least(${minutes(policy.idleMinutes)}, ${hours(policy.maxHours)})`,
    })
    .execute();
  return token;
}

export async function endSession(em: EntityManager, token: string): Promise<void> {
  await db(em).deleteFrom('session').where('token_hash', '=', hashToken(token)).execute();
}

/** Ends every session of a user but the one given (if any). */
export async function endOtherSessions(
  em: EntityManager,
  userId: string,
  keepToken?: string | null,
): Promise<void> {
  let query = db(em).deleteFrom('session').where('user_id', '=', userId);
  if (keepToken) query = query.where('token_hash', '<>', hashToken(keepToken));
  await query.execute();
}

/**
 * The active user behind a live session — neither idle past its deadline nor older than the
 * absolute maximum — in one indexed query. A session last renewed more than a minute ago gets
 * its idle deadline moved forward by a conditional update, so a busy session costs one write a
 * minute, not one per request, and concurrent requests renew it once.
 */
export async function userForSession(
  em: EntityManager,
  token: string,
  policy: SessionPolicy,
): Promise<SessionUser | null> {
  const tokenHash = hashToken(token);
  const row = await db(em)
    .selectFrom('session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.role',
      'u.organization_id',
      sql<boolean>`s.expires_at < now() + ${minutes(policy.idleMinutes)} - make_interval(secs => ${RENEW_AFTER_SECONDS})`.as(
        'renew',
      ),
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', sql<string>`now()`)
    .where('s.created_at', '>', sql<string>`now() - ${hours(policy.maxHours)}`)
    .where('u.is_active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  if (row.renew) {
    await db(em)
      .updateTable('session')
      .set({
        expires_at: sql<string>`least(now() + ${minutes(policy.idleMinutes)}, created_at + ${hours(policy.maxHours)})`,
      })
      .where('token_hash', '=', tokenHash)
      .where(
        'expires_at',
        '<',
        sql<string>`now() + ${minutes(policy.idleMinutes)} - make_interval(secs => ${RENEW_AFTER_SECONDS})`,
      )
      .execute();
  }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organizationId: row.organization_id,
  };
}
