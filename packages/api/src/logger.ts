import { pino, type Logger } from 'pino';
import { env } from './env.ts';

export type { Logger };

/** One structured (JSON) logger per process; children carry the component name. */
export const logger: Logger = pino({
  level: env().LOG_LEVEL,
  base: { service: 'credence' },
  redact: ['req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.passwordHash'],
});
