import type { EntityManager, InferKyselyDB } from '@mikro-orm/postgresql';
import type { ColumnType, Kysely } from 'kysely';
import type { entities } from './entities.ts';

/**
 * The database as Kysely sees it, inferred from the `defineEntity` entities: table and column
 * names as in PostgreSQL (snake_case, `user_id` for a many-to-one `user`), column types from
 * the properties. One correction: the driver hands timestamps and dates back as the text
 * PostgreSQL sent (MikroORM's type parsers keep them raw), so a `Date` column reads as a
 * `string` here and accepts a `Date` or a string when written.
 */
export type Database = {
  [Table in keyof Inferred]: { [Column in keyof Inferred[Table]]: AsSent<Inferred[Table][Column]> };
};

type Inferred = InferKyselyDB<(typeof entities)[number]>;
type AsSent<T> =
  T extends ColumnType<infer S, infer I, infer U>
    ? ColumnType<TextForDate<S>, DateOrText<I>, DateOrText<U>>
    : Date extends T
      ? ColumnType<TextForDate<T>, DateOrText<T>, DateOrText<T>>
      : T;
type TextForDate<T> = T extends Date ? string : T;
type DateOrText<T> = T extends Date ? Date | string : T;

/**
 * Typed SQL on `em`: Kysely bound to the EntityManager's current transaction when it has one,
 * to the pool otherwise (see ARCHITECTURE.md, Persistence).
 */
export function db(em: EntityManager): Kysely<Database> {
  return em.getKysely<Database>();
}
