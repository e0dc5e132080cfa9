import type { EntityManager } from '@mikro-orm/postgresql';
import type { ErrorCode } from '@credence/domain';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';

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

/**
 * Another organisation's record answers exactly like a missing one (NOT_FOUND), and the
 * attempt is written to the audit log as a denied call.
 */
export async function outsideScope(
  em: EntityManager,
  scope: Scope,
  code: ErrorCode,
  message: string | undefined,
  target: { targetType: string; targetId?: string },
): Promise<never> {
  if (scope.kind === 'organization') {
    await audit(em, scope.actorId, 'access.denied', {
      ...target,
      details: { reason: 'other organisation' },
    });
  }
  return fail(code, message);
}
