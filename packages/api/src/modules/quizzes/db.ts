import type { EntityManager, InferKyselyDB } from '@mikro-orm/postgresql';
import type { Kysely } from 'kysely';
import type { entities } from '../../db/entities.ts';

/** The database as Kysely sees it, typed from the entity definitions. */
export type Database = InferKyselyDB<(typeof entities)[number]>;

/** A query builder on the EntityManager's connection (inside its transaction, if any). */
export const kysely = (em: EntityManager): Kysely<Database> => em.getKysely<Database>();

/** Timestamps may arrive as strings from some drivers' paths; DTOs carry ISO strings. */
export const toDate = (value: Date | string): Date =>
  value instanceof Date ? value : new Date(value);
export const isoOrNull = (value: Date | string | null): string | null =>
  value === null ? null : toDate(value).toISOString();
