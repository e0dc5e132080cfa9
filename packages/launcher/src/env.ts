import { parseEnvWith, ZSharedEnv } from '@credence/api/env';
import { z } from 'zod';

/** The launcher's configuration: the shared settings and its own, read and validated once. */
const ZLauncherEnv = ZSharedEnv.extend({
  /** The port the API listens on (passed on to it). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Where the embedded PostgreSQL keeps its data; default `.data/postgres` in the checkout. */
  CREDENCE_DATA_DIR: z.string().optional(),
  /**
   * Load the demo data (well-known accounts!) into an empty database. Default: only on the
   * embedded database, never on an external DATABASE_URL unless asked for.
   */
  CREDENCE_DEMO: z.stringbool().optional(),
});
export type LauncherEnv = z.infer<typeof ZLauncherEnv>;

export function launcherEnv(): LauncherEnv {
  return parseEnvWith(ZLauncherEnv, process.env);
}
