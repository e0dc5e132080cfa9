import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Append-only record of denied calls and sensitive changes (role changes, resets, revocations). */
export const AuditLog = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  properties: {
    id: p.bigint().primary().autoincrement(),
    at: p.datetime().defaultRaw('now()').index(),
    actorId: p.uuid().nullable().index(),
    action: p.string().length(100),
    targetType: p.string().length(50).nullable(),
    targetId: p.string().length(100).nullable(),
    details: p.json<Record<string, unknown>>().nullable(),
  },
});
export type AuditLog = InferEntity<typeof AuditLog>;
