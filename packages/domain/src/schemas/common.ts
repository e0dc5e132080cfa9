import { z } from 'zod';

export const ZId = z.uuid({ message: 'Must be a valid id' });
/** Calendar date without time, as 'YYYY-MM-DD'. */
export const ZDate = z.iso.date({ message: 'Use a date like 2026-03-31' });
export const ZEmail = z
  .email({ message: 'Enter a valid email address' })
  .max(320)
  .transform((s) => s.trim().toLowerCase());
export const ZName = z.string().trim().min(1, 'Required').max(200, 'At most 200 characters');
export const ZDescription = z.string().trim().max(5000, 'At most 5000 characters');
export const ZPassword = z
  .string()
  .min(12, 'Use at least 12 characters')
  .max(200, 'At most 200 characters');
export const ZPage = z.strictObject({
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});
export const ZById = z.strictObject({ id: ZId });
export type ById = z.infer<typeof ZById>;
