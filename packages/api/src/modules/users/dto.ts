import { z } from 'zod';
import { USER_ROLES } from '@credence/domain';

export const ZUserDto = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  isActive: z.boolean(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof ZUserDto>;
