import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  isClientRole,
  isInternalRole,
  SET_PASSWORD_PATH,
  type UserCreateInput,
  type UserRole,
  type UserUpdateInput,
} from '@credence/domain';
import type { SessionUser } from '../../context.ts';
import { db } from '../../db/sql.ts';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';
import { audit, outsideScope } from '../audit/service.ts';
import { issuePasswordLink } from '../auth/password-links.ts';
import { hashPassword } from '../auth/passwords.ts';
import { endOtherSessions } from '../auth/sessions.ts';
import { Organization } from '../organizations/entities.ts';
import type { UserDto } from './dto.ts';
import { User } from './entities.ts';

export function toUserDto(user: User): UserDto {
  const org = user.organization;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organizationId: org?.id ?? null,
    organizationName: org && org.name !== undefined ? org.name : null,
    isActive: user.isActive,
    createdAt: user.createdAt.toISOString(),
  };
}

export async function getUserDto(em: EntityManager, id: string): Promise<UserDto> {
  const user = await em.findOneOrFail(User, id, { populate: ['organization'] });
  return toUserDto(user);
}

/** A user the scope may see, or USER.NOT_FOUND (the same answer as for a missing one). */
export async function findScopedUser(em: EntityManager, scope: Scope, id: string): Promise<User> {
  const user = await em.findOne(User, id, { populate: ['organization'] });
  if (!user) return fail('USER.NOT_FOUND');
  if (scope.kind === 'organization' && user.organization?.id !== scope.organizationId) {
    return outsideScope(em, scope, 'USER.NOT_FOUND', undefined, {
      targetType: 'user',
      targetId: id,
    });
  }
  return user;
}

export async function createUser(
  em: EntityManager,
  actor: SessionUser,
  scope: Scope,
  input: UserCreateInput,
): Promise<UserDto> {
  let organizationId = input.organizationId ?? null;
  if (isInternalRole(input.role)) {
    if (actor.role !== 'PLATFORM_ADMIN')
      fail('USER.FORBIDDEN', 'Only platform admins create staff accounts');
    if (organizationId)
      fail('USER.INVALID_ORGANIZATION', 'Internal staff belong to no organisation');
  } else {
    if (input.role === 'ADMIN' && !isInternalRole(actor.role)) {
      fail('USER.FORBIDDEN', 'Only Credence staff can make someone an admin');
    }
    if (scope.kind === 'organization') {
      if (organizationId && organizationId !== scope.organizationId) {
        await outsideScope(em, scope, 'ORGANIZATION.NOT_FOUND', undefined, {
          targetType: 'organization',
          targetId: organizationId,
        });
      }
      organizationId = scope.organizationId;
    }
    if (!organizationId) fail('USER.INVALID_ORGANIZATION', 'Client users need an organisation');
  }
  const organization = organizationId ? await em.findOne(Organization, organizationId) : null;
  if (organizationId && !organization) fail('ORGANIZATION.NOT_FOUND');

  // Without an initial password the account gets one nobody knows: the person sets theirs
  // through a password link (createPasswordLink).
  const passwordHash = await hashPassword(input.password ?? randomBytes(32).toString('base64url'));
  // A taken email is the unique constraint's answer (USER.EMAIL_TAKEN), races included. The
  // user is created in the transaction's own context, so a refused insert leaves nothing behind.
  const user = await em.transactional(async (tx) => {
    const created = tx.create(User, {
      email: input.email,
      name: input.name,
      role: input.role,
      organization,
      passwordHash,
    });
    await tx.flush();
    await audit(tx, actor.id, 'user.created', {
      targetType: 'user',
      targetId: created.id,
      details: { role: created.role, organizationId },
    });
    return created;
  });
  return toUserDto(user);
}

/**
 * Who may change another person's account (or create a set-password link for it): staff
 * accounts only a platform admin; a client ADMIN only the investigators and employees of their
 * organisation — never another admin (FORBIDDEN, audited; another organisation's people are
 * NOT_FOUND, see findScopedUser) — and nobody but staff makes someone an admin.
 */
function refusal(
  actor: SessionUser,
  target: Pick<User, 'id' | 'role'>,
  newRole?: UserRole,
): string | null {
  if (actor.id === target.id) return null;
  if (isInternalRole(target.role) && actor.role !== 'PLATFORM_ADMIN') {
    return 'Only platform admins change staff accounts';
  }
  if (!isInternalRole(actor.role)) {
    if (target.role === 'ADMIN') {
      return 'Client admins cannot change another admin; ask Credence staff';
    }
    if (newRole === 'ADMIN') return 'Only Credence staff can make someone an admin';
  }
  return null;
}

/** Refuses (FORBIDDEN) what `refusal` forbids, writing the denied call to the audit log. */
async function assertMayChange(
  em: EntityManager,
  actor: SessionUser,
  target: Pick<User, 'id' | 'role'>,
  newRole?: UserRole,
): Promise<void> {
  const reason = refusal(actor, target, newRole);
  if (reason === null) return;
  await audit(em, actor.id, 'access.denied', {
    targetType: 'user',
    targetId: target.id,
    details: { reason },
  });
  fail('USER.FORBIDDEN', reason);
}

export async function updateUser(
  em: EntityManager,
  actor: SessionUser,
  scope: Scope,
  input: UserUpdateInput,
): Promise<UserDto> {
  // The tenant check (and its audit record) happens before the transaction, so a denial is
  // logged even though the call fails.
  const found = await findScopedUser(em, scope, input.id);
  if (found.id === actor.id && (input.role !== undefined || input.isActive === false)) {
    fail('USER.SELF_CHANGE');
  }
  // Checked (and a refusal audited) before the transaction, whose rollback would drop the
  // audit record; checked again under the row lock against a concurrent role change.
  await assertMayChange(em, actor, found, input.role);
  const user = await em.transactional(async (tx) => {
    // Locked, then read: the checks and the audit's "from" see the row as it is now, not as
    // a concurrent change left it.
    await db(tx)
      .selectFrom('app_user')
      .select('id')
      .where('id', '=', found.id)
      .forUpdate()
      .execute();
    const target = await tx.findOneOrFail(User, found.id, {
      populate: ['organization'],
      refresh: true,
    });
    const reason = refusal(actor, target, input.role);
    if (reason !== null) fail('USER.FORBIDDEN', reason);
    if (input.role !== undefined && input.role !== target.role) {
      const toInternal = isInternalRole(input.role);
      if (toInternal !== isInternalRole(target.role)) {
        fail('USER.INVALID_ROLE', 'Staff and client roles cannot be swapped; create a new account');
      }
      if (toInternal && actor.role !== 'PLATFORM_ADMIN') {
        fail('USER.FORBIDDEN', 'Only platform admins change staff roles');
      }
      if (!toInternal && !isClientRole(input.role)) fail('USER.INVALID_ROLE');
    }
    const previousRole = target.role;
    const wasActive = target.isActive;
    if (input.name !== undefined) target.name = input.name;
    if (input.role !== undefined) target.role = input.role;
    if (input.isActive !== undefined) target.isActive = input.isActive;
    await tx.flush();
    if (input.isActive === false) await endOtherSessions(tx, target.id);
    const ref = { targetType: 'user', targetId: target.id };
    if (previousRole !== target.role) {
      await audit(tx, actor.id, 'user.role_changed', {
        ...ref,
        details: { from: previousRole, to: target.role },
      });
    }
    if (wasActive !== target.isActive) {
      await audit(tx, actor.id, target.isActive ? 'user.reactivated' : 'user.deactivated', ref);
    }
    return target;
  });
  return toUserDto(user);
}

/**
 * A one-time link with which `input.id` sets their own password (valid 24 hours; a newer link
 * replaces it). Nobody types another person's password: this is how an administrator gives
 * someone access. The URL is returned once and stored nowhere.
 */
export async function createPasswordLink(
  em: EntityManager,
  actor: SessionUser,
  scope: Scope,
  id: string,
  origin: string,
): Promise<{ url: string; expiresAt: string }> {
  const target = await findScopedUser(em, scope, id);
  await assertMayChange(em, actor, target);
  const link = await issuePasswordLink(em, actor.id, target.id);
  const base = origin.replace(/\/+$/, '');
  return {
    url: `${base}${SET_PASSWORD_PATH}?token=${link.token}`,
    expiresAt: link.expiresAt,
  };
}
