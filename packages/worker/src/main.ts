/** The worker process. Started by the launcher, or on its own against DATABASE_URL. */
import { handleShutdown } from '@credence/api/shutdown';
import { workerEnv } from './env.ts';
import { startWorker } from './worker.ts';

const config = workerEnv();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
const worker = await startWorker({
  databaseUrl: config.DATABASE_URL,
  concurrency: config.WORKER_CONCURRENCY,
  timeZone: config.CREDENCE_TIME_ZONE,
});
handleShutdown('worker', () => worker.stop(), { graceMs: 15_000 });
process.send?.({ type: 'ready', service: 'worker' });
