import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrganizationCreateInput, OrganizationUpdateInput } from '@credence/domain';
import { fail } from '../../errors.ts';
import type { Scope } from '../../trpc.ts';
import { outsideScope } from '../audit/service.ts';
import { Organization } from './entities.ts';

export interface OrganizationDto {
  id: string;
  name: string;
  industrySector: string;
  employeeCount: number;
  status: Organization['status'];
  createdAt: string;
}

export const toOrganizationDto = (o: Organization): OrganizationDto => ({
  id: o.id,
  name: o.name,
  industrySector: o.industrySector,
  employeeCount: o.employeeCount,
  status: o.status,
  createdAt: o.createdAt.toISOString(),
});

/** The organisation if the scope may see it; otherwise the same NOT_FOUND as a missing one. */
export async function findScopedOrganization(
  em: EntityManager,
  scope: Scope,
  id: string,
): Promise<Organization> {
  if (scope.kind === 'organization' && scope.organizationId !== id) {
    return outsideScope(em, scope, 'ORGANIZATION.NOT_FOUND', undefined, {
      targetType: 'organization',
      targetId: id,
    });
  }
  const org = await em.findOne(Organization, id);
  return org ?? fail('ORGANIZATION.NOT_FOUND');
}

export async function listOrganizations(em: EntityManager, scope: Scope) {
  const where = scope.kind === 'organization' ? { id: scope.organizationId } : {};
  const orgs = await em.find(Organization, where, { orderBy: { name: 'asc' } });
  return orgs.map(toOrganizationDto);
}

/** A taken name is the unique constraint's answer (ORGANIZATION.NAME_TAKEN), races included. */
export async function createOrganization(em: EntityManager, input: OrganizationCreateInput) {
  // Created in the transaction's own context: a refused insert leaves nothing behind to flush.
  const org = await em.transactional(async (tx) => {
    const created = tx.create(Organization, input);
    await tx.flush();
    return created;
  });
  return toOrganizationDto(org);
}

export async function updateOrganization(em: EntityManager, input: OrganizationUpdateInput) {
  const org = await findScopedOrganization(em, { kind: 'all' }, input.id);
  const { id: _id, ...changes } = input;
  em.assign(org, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
  await em.flush();
  return toOrganizationDto(org);
}
