import { z } from 'zod';
import { CLIENT_ROLES, ORGANIZATION_STATUSES, USER_ROLES } from '../constants.ts';
import { ZEmail, ZId, ZName, ZPassword, ZText } from './common.ts';

export const ZLoginInput = z.strictObject({
  email: ZEmail,
  password: ZText({ min: 1, max: 200, trim: false, minMessage: 'Enter your password' }),
});
export type LoginInput = z.infer<typeof ZLoginInput>;

export const ZUserRole = z.enum(USER_ROLES);
export const ZClientRole = z.enum(CLIENT_ROLES);

// ZUserListInput (People, paged and sorted) is in lists.ts.

export const ZUserCreateInput = z.strictObject({
  email: ZEmail,
  name: ZName,
  password: ZPassword,
  role: ZUserRole,
  /** Required for client roles, absent for internal staff. */
  organizationId: ZId.nullable().optional(),
});
export type UserCreateInput = z.infer<typeof ZUserCreateInput>;

export const ZUserUpdateInput = z.strictObject({
  id: ZId,
  name: ZName.optional(),
  role: ZUserRole.optional(),
  isActive: z.boolean().optional(),
  password: ZPassword.optional(),
});
export type UserUpdateInput = z.infer<typeof ZUserUpdateInput>;

export const ZOrganizationStatus = z.enum(ORGANIZATION_STATUSES);
const organizationFields = {
  name: ZName,
  industrySector: ZText({ min: 1, max: 100 }),
  employeeCount: z.number().int().min(1, 'At least 1').max(10_000_000),
  status: ZOrganizationStatus,
};
export const ZOrganizationCreateInput = z.strictObject({
  ...organizationFields,
  status: ZOrganizationStatus.default('ONBOARDING'),
});
export type OrganizationCreateInput = z.infer<typeof ZOrganizationCreateInput>;
export const ZOrganizationUpdateInput = z.strictObject({
  id: ZId,
  name: organizationFields.name.optional(),
  industrySector: organizationFields.industrySector.optional(),
  employeeCount: organizationFields.employeeCount.optional(),
  status: organizationFields.status.optional(),
});
export type OrganizationUpdateInput = z.infer<typeof ZOrganizationUpdateInput>;
