import { z } from 'zod';
import {
  ORGANIZATION_STATUSES,
  ZById,
  ZOrganizationCreateInput,
  ZOrganizationUpdateInput,
} from '@credence/domain';
import { CATALOG_WRITERS, clientAdminProcedure, router, staffProcedure } from '../../trpc.ts';
import {
  createOrganization,
  findScopedOrganization,
  listOrganizations,
  toOrganizationDto,
  updateOrganization,
} from './service.ts';

const ZOrganizationDto = z.object({
  id: z.string(),
  name: z.string(),
  industrySector: z.string(),
  employeeCount: z.number(),
  status: z.enum(ORGANIZATION_STATUSES),
  createdAt: z.string(),
});

export const organizationsRouter = router({
  list: clientAdminProcedure()
    .output(z.array(ZOrganizationDto))
    .query(({ ctx }) => listOrganizations(ctx.em, ctx.scope)),
  get: clientAdminProcedure()
    .input(ZById)
    .output(ZOrganizationDto)
    .query(async ({ ctx, input }) =>
      toOrganizationDto(await findScopedOrganization(ctx.em, ctx.scope, input.id)),
    ),
  create: staffProcedure(...CATALOG_WRITERS)
    .input(ZOrganizationCreateInput)
    .output(ZOrganizationDto)
    .mutation(({ ctx, input }) => createOrganization(ctx.em, input)),
  update: staffProcedure(...CATALOG_WRITERS)
    .input(ZOrganizationUpdateInput)
    .output(ZOrganizationDto)
    .mutation(({ ctx, input }) => updateOrganization(ctx.em, input)),
});
