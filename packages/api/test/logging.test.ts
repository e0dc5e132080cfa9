import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Writes one log line from a fresh process, as the API and the worker would. */
function logLine(format?: 'pretty' | 'json'): string {
  const { LOG_FORMAT: _inherited, ...inherited } = process.env;
  const env = { ...inherited, LOG_LEVEL: 'info', ...(format ? { LOG_FORMAT: format } : {}) };
  const result = spawnSync(
    process.execPath,
    [
      '--conditions=@credence/source',
      '--disable-warning=ExperimentalWarning',
      '--input-type=module',
      '-e',
      "const { logger } = await import('@credence/api/logger'); logger.info({ n: 1 }, 'hello');",
    ],
    {
      cwd: import.meta.dirname,
      env,
      encoding: 'utf8',
    },
  );
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

describe('logs', () => {
  it('are JSON lines for collectors when stdout is not a terminal', () => {
    const line = logLine();
    expect(JSON.parse(line)).toMatchObject({ level: 30, msg: 'hello', n: 1 });
  });

  it('are readable lines for people with LOG_FORMAT=pretty (the default on a terminal)', () => {
    const line = logLine('pretty');
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/INFO.*hello/);
  });
});
