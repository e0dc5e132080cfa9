import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { UserRole } from '@credence/domain';
import type { SessionUser } from '../../context.ts';

export const SESSION_COOKIE = 'credence_session';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

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

/** Creates a session row and returns the token for the cookie (256 random bits). */
export async function createSession(
  em: EntityManager,
  userId: string,
  ttlHours: number,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await em.execute(
    `insert into session (token_hash, user_id, created_at, expires_at)
     values (?, ?, now(), now() + make_interval(hours => ?))`,
    [hashToken(token), userId, ttlHours],
  );
  return token;
}

export async function endSession(em: EntityManager, token: string): Promise<void> {
  await em.execute('delete from session where token_hash = ?', [hashToken(token)]);
}

interface SessionRow {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  organization_id: string | null;
}

/** The active user behind a live session, in one indexed query. */
export async function userForSession(
  em: EntityManager,
  token: string,
): Promise<SessionUser | null> {
  const rows = await em.execute<SessionRow[]>(
    `select u.id, u.email, u.name, u.role, u.organization_id
       from session s join app_user u on u.id = s.user_id
      where s.token_hash = ? and s.expires_at > now() and u.is_active`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organizationId: row.organization_id,
  };
}
