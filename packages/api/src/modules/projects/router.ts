import { z } from 'zod';
import {
  ZAssignTrainingInput,
  ZEnrollMissingInput,
  ZProjectCreateInput,
  ZProjectListInput,
  ZProjectRef,
  ZProjectUpdateInput,
} from '@credence/domain';
import { CATALOG_WRITERS, clientAdminProcedure, router, staffProcedure } from '../../trpc.ts';
import {
  ZAssignTrainingResultDto,
  ZEnrollMissingResultDto,
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
  getProjectSummary,
  getTrainingStatus,
  listProjects,
} from './service.ts';
import { enrollMissing, updateProject } from './changes.ts';

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
  /** Name, go-live date, status (LIVE marks the project live). Audited. */
  update: staffProcedure(...CATALOG_WRITERS)
    .input(ZProjectUpdateInput)
    .output(ZProjectDto)
    .mutation(async ({ ctx, input }) => {
      await updateProject(ctx.em, ctx.user, input);
      return getProjectSummary(ctx.em, input.projectId);
    }),
  assignTraining: staffProcedure(...CATALOG_WRITERS)
    .input(ZAssignTrainingInput)
    .output(ZAssignTrainingResultDto)
    .mutation(({ ctx, input }) => assignTraining(ctx.em, ctx.user, input)),
  trainingStatus: clientAdminProcedure()
    .input(ZProjectRef)
    .output(ZTrainingStatusDto)
    .query(({ ctx, input }) => getTrainingStatus(ctx.em, ctx.scope, input.projectId)),
  /**
   * Enrols the assignment's people not enrolled yet in its track, in one statement: catalog
   * staff, or a client ADMIN of the project's organisation (another one is NOT_FOUND).
   */
  enrollMissing: clientAdminProcedure(...CATALOG_WRITERS)
    .input(ZEnrollMissingInput)
    .output(ZEnrollMissingResultDto)
    .mutation(({ ctx, input }) => enrollMissing(ctx.em, ctx.user, ctx.scope, input)),
  goLiveReadiness: clientAdminProcedure()
    .input(ZProjectRef)
    .output(ZGoLiveReadinessDto)
    .query(({ ctx, input }) => getGoLiveReadiness(ctx.em, ctx.scope, input.projectId)),
});
