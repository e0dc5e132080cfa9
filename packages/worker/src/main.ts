/** The worker process. Started by the launcher, or on its own against DATABASE_URL. */
import { logger } from '@credence/api/logger';
import { workerEnv } from './env.ts';
import { startWorker } from './worker.ts';

const config = workerEnv();
if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
const worker = await startWorker({
  databaseUrl: config.DATABASE_URL,
  concurrency: config.WORKER_CONCURRENCY,
  timeZone: config.CREDENCE_TIME_ZONE,
});

let stopping = false;
function shutdown(reason: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'worker stopping');
  setTimeout(() => process.exit(1), 15_000).unref();
  worker.stop().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'worker stop failed');
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('disconnect', () => shutdown('launcher gone'));
process.send?.({ type: 'ready', service: 'worker' });
