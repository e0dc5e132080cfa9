import { z } from 'zod';
import {
  ZAssignTrainingInput,
  ZProjectCreateInput,
  ZProjectListInput,
  ZProjectRef,
} from '@credence/domain';
import { CATALOG_WRITERS, clientAdminProcedure, router, staffProcedure } from '../../trpc.ts';
import {
  ZAssignTrainingResultDto,
  ZGoLiveReadinessDto,
  ZProjectDetailDto,
  ZProjectDto,
  ZTrainingStatusDto,
} from './dto.ts';
import {
  assignTraining,
  createProject,
  getGoLiveReadiness,
  getProject,
  getTrainingStatus,
  listProjects,
} from './service.ts';

/**
 * Implementation projects. Staff see every project; a client ADMIN sees their own
 * organisation's (another tenant's project is NOT_FOUND, as a missing one). Creating projects
 * and assigning training is for catalog writers.
 */
export const projectsRouter = router({
  list: clientAdminProcedure()
    .input(ZProjectListInput)
    .output(z.array(ZProjectDto))
    .query(({ ctx, input }) => listProjects(ctx.em, ctx.scope, input)),
  get: clientAdminProcedure()
    .input(ZProjectRef)
    .output(ZProjectDetailDto)
    .query(({ ctx, input }) => getProject(ctx.em, ctx.scope, input.projectId)),
  create: staffProcedure(...CATALOG_WRITERS)
    .input(ZProjectCreateInput)
    .output(ZProjectDto)
    .mutation(({ ctx, input }) => createProject(ctx.em, ctx.user, input)),
  assignTraining: staffProcedure(...CATALOG_WRITERS)
    .input(ZAssignTrainingInput)
    .output(ZAssignTrainingResultDto)
    .mutation(({ ctx, input }) => assignTraining(ctx.em, ctx.user, input)),
  trainingStatus: clientAdminProcedure()
    .input(ZProjectRef)
    .output(ZTrainingStatusDto)
    .query(({ ctx, input }) => getTrainingStatus(ctx.em, ctx.scope, input.projectId)),
  goLiveReadiness: clientAdminProcedure()
    .input(ZProjectRef)
    .output(ZGoLiveReadinessDto)
    .query(({ ctx, input }) => getGoLiveReadiness(ctx.em, ctx.scope, input.projectId)),
});
