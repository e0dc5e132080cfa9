import { z } from 'zod';

/**
 * What every process of the product reads (API, worker, launcher): logging, the database and
 * the time zone. Each process extends this with its own settings and validates only those.
 */
export const ZSharedEnv = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `pretty` for people, `json` for collectors; default: pretty when stdout is a terminal. */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Time zone of the nightly schedules. */
  CREDENCE_TIME_ZONE: z.string().default('UTC'),
});
export type SharedEnv = z.infer<typeof ZSharedEnv>;

/** Validates `source` against `schema`, with one readable message listing every problem. */
export function parseEnvWith<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

let sharedCached: SharedEnv | undefined;

/** The settings shared by every process (read once); the logger needs nothing more. */
export function sharedEnv(): SharedEnv {
  sharedCached ??= parseEnvWith(ZSharedEnv, process.env);
  return sharedCached;
}

/** The API process's configuration: read from the environment and validated once, here. */
const ZEnv = ZSharedEnv.extend({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Where the API is reached from outside; used in links such as certificate verification. */
  PUBLIC_URL: z.url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Send the session cookie only over HTTPS; set it when the app is served behind TLS. */
  COOKIE_SECURE: z.stringbool().default(false),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** The first platform admin, created (or left alone if present) on start. */
  CREDENCE_ADMIN_EMAIL: z.email().optional(),
  CREDENCE_ADMIN_PASSWORD: z.string().min(12).optional(),
  CREDENCE_ADMIN_NAME: z.string().min(1).default('Platform Admin'),
  /** Folder of the built web app to serve; unset means "the web package's dist". */
  WEB_DIST: z.string().optional(),
});

export type Env = z.infer<typeof ZEnv>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  return parseEnvWith(ZEnv, source);
}

let cached: Env | undefined;

/** The validated environment of this process (read once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
