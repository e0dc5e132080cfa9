import { z } from 'zod';

export const ZAuditEntryDto = z.object({
  /** The log's sequence number, as text (a bigint). */
  id: z.string(),
  at: z.string(),
  /** Null for what nobody signed in did (a failed sign-in, a job). */
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntryDto = z.infer<typeof ZAuditEntryDto>;

export const ZAuditPageDto = z.object({ items: z.array(ZAuditEntryDto), total: z.number().int() });
export type AuditPageDto = z.infer<typeof ZAuditPageDto>;
