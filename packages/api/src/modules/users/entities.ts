import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { USER_ROLES } from '@credence/domain';
import { createdAt, id, updatedAt } from '../../db/columns.ts';
import { Organization } from '../organizations/entities.ts';

/** One table for internal staff and client users; client users belong to one organisation. */
export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: id(),
    email: p.string().length(320).unique(),
    name: p.string().length(200),
    passwordHash: p.string().hidden().lazy(),
    role: p.enum(USER_ROLES),
    organization: () => p.manyToOne(Organization).nullable().deleteRule('no action'),
    isActive: p.boolean().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  indexes: [{ properties: ['organization', 'role'] }],
  checks: [
    { name: 'app_user_email_lowercase', expression: 'email = lower(email)' },
    {
      name: 'app_user_tenant_matches_role',
      expression:
        "(role in ('PLATFORM_ADMIN', 'IMPLEMENTATION_MANAGER', 'CUSTOMER_SUCCESS')) = (organization_id is null)",
    },
  ],
});
export type User = InferEntity<typeof User>;
