import type { EntityManager } from '@mikro-orm/postgresql';

/** Appends one audit record. Written with plain SQL so it never rides on a caller's unit of work. */
export async function audit(
  em: EntityManager,
  actorId: string | null,
  action: string,
  target: { targetType?: string; targetId?: string; details?: Record<string, unknown> } = {},
): Promise<void> {
  await em.execute(
    'insert into audit_log (actor_id, action, target_type, target_id, details) values (?, ?, ?, ?, ?)',
    [
      actorId,
      action,
      target.targetType ?? null,
      target.targetId ?? null,
      target.details ? JSON.stringify(target.details) : null,
    ],
  );
}
