import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { sharedEnv } from './env.ts';

export type { Logger };

const { LOG_LEVEL, LOG_FORMAT } = sharedEnv();
/** People read a terminal; collectors read JSON. `LOG_FORMAT` overrides the guess. */
const format = LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json');

/** One structured logger per process; children carry the component name. */
export const logger: Logger = pino(
  {
    level: LOG_LEVEL,
    base: { service: 'credence' },
    redact: ['req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.passwordHash'],
  },
  format === 'pretty'
    ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' })
    : undefined,
);
