import { z } from 'zod';

/** The worker's and launcher's configuration, read and validated once. */
const ZWorkerEnv = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Jobs one worker process runs at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  CREDENCE_TIME_ZONE: z.string().default('UTC'),
  /** Where the embedded PostgreSQL keeps its data; default `.data/postgres` in the checkout. */
  CREDENCE_DATA_DIR: z.string().optional(),
  /**
   * Load the demo data (well-known accounts!) into an empty database. Default: only on the
   * embedded database, never on an external DATABASE_URL unless asked for.
   */
  CREDENCE_DEMO: z.stringbool().optional(),
});
export type WorkerEnv = z.infer<typeof ZWorkerEnv>;

let cached: WorkerEnv | undefined;
export function workerEnv(): WorkerEnv {
  if (!cached) {
    const parsed = ZWorkerEnv.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
      throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
    }
    cached = parsed.data;
  }
  return cached;
}
