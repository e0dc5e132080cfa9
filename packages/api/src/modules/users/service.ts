import type { EntityManager } from '@mikro-orm/postgresql';
import {
  isClientRole,
  isInternalRole,
  type UserCreateInput,
  type UserUpdateInput,
} from '@credence/domain';
import type { SessionUser } from '../../context.ts';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';
import { audit, outsideScope } from '../audit/service.ts';
import { hashPassword } from '../auth/passwords.ts';
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

  const passwordHash = await hashPassword(input.password);
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
 * Who may change another person's account: staff accounts only a platform admin; a client
 * ADMIN's password only staff (another client admin setting it would be a takeover).
 */
function assertMayChange(actor: SessionUser, target: User, input: UserUpdateInput): void {
  if (actor.id === target.id) return;
  if (isInternalRole(target.role) && actor.role !== 'PLATFORM_ADMIN') {
    fail('USER.FORBIDDEN', 'Only platform admins change staff accounts');
  }
  if (input.password !== undefined && target.role === 'ADMIN' && !isInternalRole(actor.role)) {
    fail('USER.FORBIDDEN', "Only Credence staff can set a client admin's password");
  }
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
  // Hashing is slow: never while holding the row lock.
  const passwordHash =
    input.password === undefined ? undefined : await hashPassword(input.password);
  const user = await em.transactional(async (tx) => {
    // Locked, then read: the checks and the audit's "from" see the row as it is now, not as
    // a concurrent change left it.
    await tx.execute('select 1 from app_user where id = ? for update', [found.id]);
    const target = await tx.findOneOrFail(User, found.id, {
      populate: ['organization'],
      refresh: true,
    });
    assertMayChange(actor, target, input);
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
    if (passwordHash !== undefined) target.passwordHash = passwordHash;
    await tx.flush();
    if (input.isActive === false || passwordHash !== undefined) {
      await tx.execute('delete from session where user_id = ?', [target.id]);
    }
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
    if (passwordHash !== undefined) await audit(tx, actor.id, 'user.password_set', ref);
    return target;
  });
  return toUserDto(user);
}
