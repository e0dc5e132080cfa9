import { z } from 'zod';
import { CLIENT_ROLES, ORGANIZATION_STATUSES, USER_ROLES } from '../constants.ts';
import { ZEmail, ZId, ZName, ZPassword, ZText } from './common.ts';

export const ZLoginInput = z.strictObject({
  email: ZEmail,
  password: ZText({ min: 1, max: 200, trim: false, minMessage: 'Enter your password' }),
});
export type LoginInput = z.infer<typeof ZLoginInput>;

/** Where a set-password link points: `${origin}${SET_PASSWORD_PATH}?token=…`. */
export const SET_PASSWORD_PATH = '/set-password';
/** The token of a set-password link: 256 random bits, base64url. */
export const ZPasswordLinkToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'This link is incomplete; open the whole link you were sent');

export const ZSetPasswordInput = z.strictObject({
  token: ZPasswordLinkToken,
  password: ZPassword,
});
export type SetPasswordInput = z.infer<typeof ZSetPasswordInput>;

export const ZChangePasswordInput = z.strictObject({
  currentPassword: ZText({ min: 1, max: 200, trim: false, minMessage: 'Enter your password' }),
  newPassword: ZPassword,
});
export type ChangePasswordInput = z.infer<typeof ZChangePasswordInput>;

/** The person a set-password link is for. */
export const ZCreatePasswordLinkInput = z.strictObject({ id: ZId });
export type CreatePasswordLinkInput = z.infer<typeof ZCreatePasswordLinkInput>;

export const ZUserRole = z.enum(USER_ROLES);
export const ZClientRole = z.enum(CLIENT_ROLES);

// ZUserListInput (People, paged and sorted) is in lists.ts.

export const ZUserCreateInput = z.strictObject({
  email: ZEmail,
  name: ZName,
  /** Optional: without one, the person signs in after setting theirs with a password link. */
  password: ZPassword.optional(),
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
