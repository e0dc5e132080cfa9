import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import type { UserRole } from '@credence/domain';
import { readSessionToken, userForSession } from './modules/auth/sessions.ts';

/** Who is calling, as established by the session cookie and nothing else. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  organizationId: string | null;
}

export interface Context {
  em: EntityManager;
  user: SessionUser | null;
  sessionToken: string | null;
  ip: string;
  /** Present for HTTP calls; lets auth procedures set and clear the cookie. */
  res: Response | null;
}

export async function createContext(
  em: EntityManager,
  req: Pick<Request, 'headers' | 'ip'> | null,
  res: Response | null,
): Promise<Context> {
  const fork = em.fork();
  const sessionToken = req ? readSessionToken(req.headers.cookie) : null;
  const user = sessionToken ? await userForSession(fork, sessionToken) : null;
  return { em: fork, user, sessionToken, ip: req?.ip ?? 'internal', res };
}
