import { z } from 'zod';
import {
  ZCreatePasswordLinkInput,
  ZUserCreateInput,
  ZUserListInput,
  ZUserRef,
  ZUserUpdateInput,
} from '@credence/domain';
import { env } from '../../env.ts';
import { clientAdminProcedure, router } from '../../trpc.ts';
import { ZPeoplePageDto, ZPersonDto, ZUserDto } from './dto.ts';
import { getPerson, listPeople } from './people.ts';
import { createPasswordLink, createUser, updateUser } from './service.ts';

/** Staff manage everyone; a client ADMIN manages the users of their own organisation. */
const managers = clientAdminProcedure('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER');

export const usersRouter = router({
  /** People, paged, sorted and filtered on the server, with their progress across tracks. */
  list: clientAdminProcedure()
    .input(ZUserListInput)
    .output(ZPeoplePageDto)
    .query(({ ctx, input }) => listPeople(ctx.em, ctx.scope, input, new Date())),
  /** A person page: the person with their enrolments and per-track progress. */
  get: clientAdminProcedure()
    .input(ZUserRef)
    .output(ZPersonDto)
    .query(({ ctx, input }) => getPerson(ctx.em, ctx.scope, input.id, new Date())),
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
