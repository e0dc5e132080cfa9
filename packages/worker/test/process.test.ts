import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@credence/api/testing';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

const MAIN = path.resolve(import.meta.dirname, '../src/main.ts');

describe('the worker process', () => {
  it('validates only its own settings: invalid API settings do not stop it', async () => {
    const child = fork(MAIN, [], {
      execArgv: ['--conditions=@credence/source', '--disable-warning=ExperimentalWarning'],
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        WORKER_CONCURRENCY: '1',
        LOG_LEVEL: 'silent',
        // Settings of the API process only, all invalid.
        PORT: 'not-a-port',
        CREDENCE_ADMIN_EMAIL: 'not-an-email',
        CREDENCE_ADMIN_PASSWORD: 'short',
        SESSION_TTL_HOURS: '-1',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ready = new Promise<unknown>((resolve) => child.once('message', resolve));
    const exited = once(child, 'exit');
    const first = await Promise.race([ready, exited.then(() => 'exited')]);
    expect(first, output).toEqual({ type: 'ready', service: 'worker' });
    // One shutdown path: SIGTERM stops it cleanly.
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('refuses an invalid setting of its own with a readable message', async () => {
    const child = fork(MAIN, [], {
      execArgv: ['--conditions=@credence/source', '--disable-warning=ExperimentalWarning'],
      env: { ...process.env, DATABASE_URL: db.url, WORKER_CONCURRENCY: 'many' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).not.toBe(0);
    expect(output).toContain('WORKER_CONCURRENCY');
  });
});
