import { z } from 'zod';
import {
  ZCreatePasswordLinkInput,
  ZUserCreateInput,
  ZUserListInput,
  ZUserUpdateInput,
} from '@credence/domain';
import { env } from '../../env.ts';
import { clientAdminProcedure, router } from '../../trpc.ts';
import { ZUserDto } from './dto.ts';
import { createPasswordLink, createUser, listUsers, updateUser } from './service.ts';

/** Staff manage everyone; a client ADMIN manages the users of their own organisation. */
const managers = clientAdminProcedure('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER');

export const usersRouter = router({
  list: clientAdminProcedure()
    .input(ZUserListInput)
    .output(z.array(ZUserDto))
    .query(({ ctx, input }) => listUsers(ctx.em, ctx.scope, input)),
  create: managers
    .input(ZUserCreateInput)
    .output(ZUserDto)
    .mutation(({ ctx, input }) => createUser(ctx.em, ctx.user, ctx.scope, input)),
  update: managers
    .input(ZUserUpdateInput)
    .output(ZUserDto)
    .mutation(({ ctx, input }) => updateUser(ctx.em, ctx.user, ctx.scope, input)),
  /** A one-time set-password link for someone the caller manages; shown once. */
  createPasswordLink: managers
    .input(ZCreatePasswordLinkInput)
    .output(z.object({ url: z.string(), expiresAt: z.string() }))
    .mutation(({ ctx, input }) =>
      createPasswordLink(
        ctx.em,
        ctx.user,
        ctx.scope,
        input.id,
        env().PUBLIC_URL ?? ctx.origin ?? 'http://localhost',
      ),
    ),
});
