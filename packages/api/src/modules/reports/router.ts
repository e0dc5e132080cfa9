import { z } from 'zod';
import { ZTrackSummaryInput } from '@credence/domain';
import { clientAdminProcedure, router } from '../../trpc.ts';
import { ZTrackSummaryRowDto } from './dto.ts';
import { trackSummary } from './service.ts';

export const reportsRouter = router({
  /** Staff for every organisation; a client ADMIN for their own (another one is NOT_FOUND). */
  trackSummary: clientAdminProcedure()
    .input(ZTrackSummaryInput)
    .output(z.array(ZTrackSummaryRowDto))
    .query(({ ctx, input }) => trackSummary(ctx.em, ctx.scope, input)),
});
