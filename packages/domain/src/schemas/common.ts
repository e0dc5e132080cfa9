import { z } from 'zod';

export const ZId = z.uuid({ message: 'Must be a valid id' });
/** Calendar date without time, as 'YYYY-MM-DD'. */
export const ZDate = z.iso.date({ message: 'Use a date like 2026-03-31' });
export const ZEmail = z
  .email({ message: 'Enter a valid email address' })
  .max(320)
  .transform((s) => s.trim().toLowerCase());

/**
 * Whether PostgreSQL can store the text: no NUL character (text and jsonb refuse it) and no
 * lone UTF-16 surrogate (it has no UTF-8 encoding).
 */
export const isStorableText = (s: string): boolean => !s.includes('\0') && s.isWellFormed();
export const NOT_STORABLE_MESSAGE = 'Contains characters that cannot be stored';

export interface TextOptions {
  /** Fewest characters (after trimming); 0 by default. */
  min?: number;
  max: number;
  /** Trims white space first; true by default (passwords and raw CSV keep theirs). */
  trim?: boolean;
  /** Defaults: 'Required' for a minimum of 1, else 'At least N characters'. */
  minMessage?: string;
  /** Default: 'At most N characters'. */
  maxMessage?: string;
}

/**
 * The one schema for free text a user types: a string, trimmed unless told otherwise, within
 * its length limits, and storable (see `isStorableText`). Every free-text input field uses it.
 */
export function ZText({ min = 0, max, trim = true, minMessage, maxMessage }: TextOptions) {
  let schema = z.string();
  if (trim) schema = schema.trim();
  if (min > 0) {
    schema = schema.min(min, minMessage ?? (min === 1 ? 'Required' : `At least ${min} characters`));
  }
  return schema
    .max(max, maxMessage ?? `At most ${max} characters`)
    .refine(isStorableText, NOT_STORABLE_MESSAGE);
}

export const ZName = ZText({ min: 1, max: 200 });
export const ZDescription = ZText({ max: 5000 });
/** Passwords keep every character they are given, except what no text column can hold. */
export const ZPassword = ZText({
  min: 12,
  max: 200,
  trim: false,
  minMessage: 'Use at least 12 characters',
});
export const ZPage = z.strictObject({
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});
export const ZById = z.strictObject({ id: ZId });
export type ById = z.infer<typeof ZById>;
