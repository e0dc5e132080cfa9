import type { EntityManager } from '@mikro-orm/postgresql';
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
  const rows = await em.execute(
    `insert into app_user (id, email, name, password_hash, role, is_active, created_at, updated_at)
     values (gen_random_uuid(), ?, ?, ?, 'PLATFORM_ADMIN', true, now(), now())
     on conflict (email) do nothing returning id`,
    [email, config.CREDENCE_ADMIN_NAME, await hashPassword(config.CREDENCE_ADMIN_PASSWORD)],
  );
  if (rows.length > 0) logger.info({ email }, 'created the first platform admin');
}
