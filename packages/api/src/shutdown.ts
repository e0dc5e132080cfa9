import { logger } from './logger.ts';

/**
 * The one way a process of the product stops: once, whatever asks first — SIGINT, SIGTERM,
 * the launcher's IPC channel closing (a child of the launcher exits with it, so killing the
 * launcher leaves no orphans), or the process itself through the returned function. It exits
 * with `exitCode` once `stop` resolves, with 1 if `stop` fails or takes longer than `graceMs`.
 */
export function handleShutdown(
  name: string,
  stop: () => Promise<void>,
  { graceMs }: { graceMs: number },
): (reason: string, exitCode?: number) => void {
  let stopping = false;
  const shutdown = (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, `${name} stopping`);
    setTimeout(() => {
      logger.error({ graceMs }, `${name} did not stop in time`);
      process.exit(1);
    }, graceMs).unref();
    stop().then(
      () => process.exit(exitCode),
      (err: unknown) => {
        logger.error({ err }, `${name} stop failed`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (process.send) process.on('disconnect', () => shutdown('launcher gone'));
  return shutdown;
}
