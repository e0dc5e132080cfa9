import { z } from 'zod';
import { ZLoginInput } from '@credence/domain';
import { env } from '../../env.ts';
import { authedProcedure, publicProcedure, router } from '../../trpc.ts';
import { ZUserDto } from '../users/dto.ts';
import { getUserDto } from '../users/service.ts';
import { login } from './service.ts';
import { clearedSessionCookie, endSession, sessionCookie } from './sessions.ts';

export const authRouter = router({
  login: publicProcedure
    .input(ZLoginInput)
    .output(z.object({ user: ZUserDto }))
    .mutation(async ({ ctx, input }) => {
      const { SESSION_TTL_HOURS, COOKIE_SECURE } = env();
      const session = await login(ctx.em, input, ctx.ip, SESSION_TTL_HOURS);
      ctx.res?.append(
        'Set-Cookie',
        sessionCookie(session.token, {
          secure: COOKIE_SECURE,
          maxAgeSeconds: SESSION_TTL_HOURS * 3600,
        }),
      );
      return { user: await getUserDto(ctx.em, session.userId) };
    }),

  logout: authedProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await endSession(ctx.em, ctx.sessionToken);
    ctx.res?.append('Set-Cookie', clearedSessionCookie(env().COOKIE_SECURE));
    return { ok: true as const };
  }),

  /** The signed-in user, or null: the web app asks this first. */
  me: publicProcedure.output(ZUserDto.nullable()).query(async ({ ctx }) => {
    return ctx.user ? getUserDto(ctx.em, ctx.user.id) : null;
  }),
});
