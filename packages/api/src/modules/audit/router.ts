import { ZAuditListInput } from '@credence/domain';
import { router, staffProcedure } from '../../trpc.ts';
import { ZAuditPageDto } from './dto.ts';
import { listAudit } from './list.ts';

export const auditRouter = router({
  /** The audit log, for staff only: filtered by action, actor, target and days; paged. */
  list: staffProcedure()
    .input(ZAuditListInput)
    .output(ZAuditPageDto)
    .query(({ ctx, input }) => listAudit(ctx.em, input)),
});
