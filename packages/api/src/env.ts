import { isIP } from 'node:net';
import { z } from 'zod';

/** Express's own names for address ranges (see `trust proxy`). */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IP address, or a range of them as address/prefix length (CIDR). */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which proxies may tell the client's address in `X-Forwarded-For`: off (the socket's peer is
 * the client), a number of proxy hops in front of the API, or the proxies' addresses, ranges
 * (CIDR) and Express's range names. `true` (trust every hop) is refused: any client could then
 * choose its own address.
 */
export const ZTrustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (value === '' || value === 'false' || value === '0') return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !PROXY_RANGE_NAMES.has(e) && !isAddressOrRange(e));
    if (value === 'true' || bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message:
          value === 'true'
            ? 'TRUST_PROXY=true would let any client choose its address; give the number of proxies or their addresses'
            : `not a hop count, address, CIDR range or loopback/linklocal/uniquelocal: ${bad.join(', ')}`,
      });
      return z.NEVER;
    }
    return entries;
  });
export type TrustProxy = z.output<typeof ZTrustProxy>;

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
  /** `Secure` session cookie; unset means "when PUBLIC_URL is https". */
  COOKIE_SECURE: z.stringbool().optional(),
  /** A session unused for this long ends; use renews it (at most one write a minute). */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  /** No session lives longer than this, however active. */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  TRUST_PROXY: ZTrustProxy.default(false),
  /** The first platform admin, created (or left alone if present) on start. */
  CREDENCE_ADMIN_EMAIL: z.email().optional(),
  CREDENCE_ADMIN_PASSWORD: z.string().min(12).optional(),
  CREDENCE_ADMIN_NAME: z.string().min(1).default('Platform Admin'),
  /** Folder of the built web app to serve; unset means "the web package's dist". */
  WEB_DIST: z.string().optional(),
});

export type Env = z.infer<typeof ZEnv>;

/** Whether the session cookie is `Secure`: as configured, else when the public URL is https. */
export function cookieSecure(config: Pick<Env, 'COOKIE_SECURE' | 'PUBLIC_URL'>): boolean {
  return config.COOKIE_SECURE ?? config.PUBLIC_URL?.startsWith('https:') ?? false;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  return parseEnvWith(ZEnv, source);
}

let cached: Env | undefined;

/** The validated environment of this process (read once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** How long sessions last, from the configuration. */
export function sessionPolicy(config: Pick<Env, 'SESSION_IDLE_MINUTES' | 'SESSION_MAX_HOURS'>) {
  return { idleMinutes: config.SESSION_IDLE_MINUTES, maxHours: config.SESSION_MAX_HOURS };
}
