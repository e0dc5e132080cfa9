import { parseEnvWith, ZSharedEnv } from '@credence/api/env';
import { z } from 'zod';

/** The worker's configuration: the shared settings and its own, read and validated once. */
const ZWorkerEnv = ZSharedEnv.extend({
  /** Jobs one worker process runs at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
});
export type WorkerEnv = z.infer<typeof ZWorkerEnv>;

let cached: WorkerEnv | undefined;
export function workerEnv(): WorkerEnv {
  cached ??= parseEnvWith(ZWorkerEnv, process.env);
  return cached;
}
