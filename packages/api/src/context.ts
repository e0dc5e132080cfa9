import type { EntityManager } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import type { UserRole } from '@credence/domain';
import { env, sessionPolicy } from './env.ts';
import { clientAddress } from './modules/auth/client-address.ts';
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
  /** The caller's address (a valid IP, see `clientAddress`). */
  ip: string;
  /** `scheme://host` the request was made to, for links when PUBLIC_URL is not set. */
  origin: string | null;
  /** Present for HTTP calls; lets auth procedures set and clear the cookie. */
  res: Response | null;
}

export async function createContext(
  em: EntityManager,
  req: Pick<Request, 'headers' | 'ip' | 'socket' | 'protocol' | 'host'> | null,
  res: Response | null,
): Promise<Context> {
  const fork = em.fork();
  const sessionToken = req ? readSessionToken(req.headers.cookie) : null;
  const user = sessionToken ? await userForSession(fork, sessionToken, sessionPolicy(env())) : null;
  return {
    em: fork,
    user,
    sessionToken,
    ip: req ? clientAddress(req) : 'unknown',
    origin: req ? requestOrigin(req) : null,
    res,
  };
}

/** The origin the request was addressed to, when the Host header makes a valid one. */
function requestOrigin(req: Pick<Request, 'protocol' | 'host'>): string | null {
  if (!req.host) return null;
  try {
    const origin = new URL(`${req.protocol}://${req.host}`).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
