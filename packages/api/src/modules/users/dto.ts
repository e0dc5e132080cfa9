import { z } from 'zod';
import { USER_ROLES } from '@credence/domain';
import { ZMyTrackDto } from '../learning/dto.ts';

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

/** A row of People: the person and their progress across their tracks. */
export const ZPersonRowDto = ZUserDto.extend({
  progress: z.object({
    enrolled: z.number().int(),
    completed: z.number().int(),
    /** Mean of the enrolments' progress percents, rounded; null without enrolments. */
    averagePercent: z.number().int().nullable(),
    /** The least advanced enrolment's percent; null without enrolments. */
    minimumPercent: z.number().int().nullable(),
    /**
     * Earliest due date of the tracks assigned to the person's role in their organisation's
     * open projects that they have not completed; null when none.
     */
    nextDueDate: z.string().nullable(),
    /** That due date has passed. */
    behind: z.boolean(),
  }),
});
export type PersonRowDto = z.infer<typeof ZPersonRowDto>;

export const ZPeoplePageDto = z.object({ items: z.array(ZPersonRowDto), total: z.number().int() });
export type PeoplePageDto = z.infer<typeof ZPeoplePageDto>;

/** A person page: the person, and each of their enrolments with progress and due date. */
export const ZPersonDto = ZUserDto.extend({ enrollments: z.array(ZMyTrackDto) });
export type PersonDto = z.infer<typeof ZPersonDto>;
