import { z } from 'zod';
import { ZChangePasswordInput, ZLoginInput, ZSetPasswordInput } from '@credence/domain';
import type { Response } from 'express';
import { cookieSecure, env, sessionPolicy } from '../../env.ts';
import { authedProcedure, publicProcedure, router } from '../../trpc.ts';
import { ZUserDto } from '../users/dto.ts';
import { getUserDto } from '../users/service.ts';
import { RateLimitedError } from './limits.ts';
import { setPasswordWithLink } from './password-links.ts';
import { changeOwnPassword, login } from './service.ts';
import { clearedSessionCookie, endSession, sessionCookie } from './sessions.ts';

/** Runs `work`; a refusal by a rate limit also tells the client when to retry. */
async function withRetryAfter<T>(res: Response | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RateLimitedError) {
      res?.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    throw error;
  }
}

const ZOk = z.object({ ok: z.literal(true) });

export const authRouter = router({
  login: publicProcedure
    .input(ZLoginInput)
    .output(z.object({ user: ZUserDto }))
    .mutation(async ({ ctx, input }) => {
      const config = env();
      const policy = sessionPolicy(config);
      const session = await withRetryAfter(ctx.res, () => login(ctx.em, input, ctx.ip, policy));
      ctx.res?.append(
        'Set-Cookie',
        sessionCookie(session.token, {
          secure: cookieSecure(config),
          maxAgeSeconds: policy.maxHours * 3600,
        }),
      );
      return { user: await getUserDto(ctx.em, session.userId) };
    }),

  logout: authedProcedure.output(ZOk).mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await endSession(ctx.em, ctx.sessionToken);
    ctx.res?.append('Set-Cookie', clearedSessionCookie(cookieSecure(env())));
    return { ok: true as const };
  }),

  /** The signed-in user, or null: the web app asks this first. */
  me: publicProcedure.output(ZUserDto.nullable()).query(async ({ ctx }) => {
    return ctx.user ? getUserDto(ctx.em, ctx.user.id) : null;
  }),

  /** Sets a password with a one-time link's token (see users.createPasswordLink). */
  setPassword: publicProcedure
    .input(ZSetPasswordInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await withRetryAfter(ctx.res, () =>
        setPasswordWithLink(ctx.em, input, ctx.ip, ctx.sessionToken),
      );
      return { ok: true as const };
    }),

  /** The signed-in user's own password, with the current one; other sessions end. */
  changePassword: authedProcedure
    .input(ZChangePasswordInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await withRetryAfter(ctx.res, () =>
        changeOwnPassword(ctx.em, ctx.user.id, input, ctx.ip, ctx.sessionToken),
      );
      return { ok: true as const };
    }),
});
