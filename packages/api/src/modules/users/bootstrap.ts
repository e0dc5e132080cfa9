import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../db/sql.ts';
import type { Env } from '../../env.ts';
import { logger } from '../../logger.ts';
import { hashPassword } from '../auth/passwords.ts';

/** Creates the first platform admin from the environment unless that account exists. */
export async function ensureFirstAdmin(
  em: EntityManager,
  config: Pick<Env, 'CREDENCE_ADMIN_EMAIL' | 'CREDENCE_ADMIN_PASSWORD' | 'CREDENCE_ADMIN_NAME'>,
): Promise<void> {
  const email = config.CREDENCE_ADMIN_EMAIL?.toLowerCase();
  if (!email || !config.CREDENCE_ADMIN_PASSWORD) return;
  const rows = await db(em)
    .insertInto('app_user')
    .values({
      id: sql<string>`gen_random_uuid()`,
      email,
      name: config.CREDENCE_ADMIN_NAME,
      password_hash: await hashPassword(config.CREDENCE_ADMIN_PASSWORD),
      role: 'PLATFORM_ADMIN',
      is_active: true,
      created_at: sql<string>`now()`,
      updated_at: sql<string>`now()`,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .execute();
  if (rows.length > 0) logger.info({ email }, 'created the first platform admin');
}
