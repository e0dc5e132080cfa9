import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@credence/api/db';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@credence/api/seed';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dataDir = path.join(ROOT, '.data', 'test', `launcher-${process.pid}`);
const running = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts the product as `npm start` does (minus the build), on its own data and port. */
async function launch(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  const { DATABASE_URL: _external, ...env } = process.env;
  const child = spawn(process.execPath, [...process.execArgv, 'packages/launcher/src/launch.ts'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), CREDENCE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, like a terminal's foreground job: Ctrl-C reaches every process.
    detached: true,
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; i < 1200 && !output.includes('Press Ctrl-C'); i++) {
    if (child.exitCode !== null) throw new Error(`launcher exited early:\n${output}`);
    await sleep(100);
  }
  return { child, output: () => output };
}

/** Ctrl-C: SIGINT to the whole process group (launcher, API, worker and PostgreSQL). */
async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  if (child.pid) process.kill(-child.pid, 'SIGINT');
  const code = await exited;
  running.delete(child);
  return code;
}

async function login(base: string, email: string, password: string) {
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, cookie: res.headers.getSetCookie()[0]?.split(';')[0] ?? '' };
}

describe('the launcher (npm start)', () => {
  it('serves with demo data, stops cleanly on Ctrl-C, and keeps the data across a restart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await launch(port);
    expect(first.output()).toContain(`http://localhost:${port}`);
    expect(first.output()).toContain(DEMO_ACCOUNTS[0]?.email);
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', database: 'up' });

    // Write something through the API, then stop with SIGINT (Ctrl-C).
    const admin = await login(base, 'admin@credence.test', DEMO_PASSWORD);
    expect(admin.status).toBe(200);
    const created = await fetch(`${base}/trpc/organizations.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie },
      body: JSON.stringify({
        name: 'Survives Restart Ltd',
        industrySector: 'Retail',
        employeeCount: 12,
      }),
    });
    expect(created.status).toBe(200);
    expect(await stop(first.child)).toBe(0);
    // Every part stopped in order, without a crash on the way.
    const crashes = first
      .output()
      .split('\n')
      .filter((l) => /Unhandled|uncaught|^\s+at /i.test(l));
    expect(crashes).toEqual([]);
    // PostgreSQL shut down too: its pid file is gone and the port is closed.
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    const second = await launch(port);
    expect(second.output()).not.toContain('demo data loaded');
    const again = await login(base, 'admin@credence.test', DEMO_PASSWORD);
    const list = await fetch(`${base}/trpc/organizations.list`, {
      headers: { cookie: again.cookie },
    });
    const body = (await list.json()) as { result: { data: { name: string }[] } };
    expect(body.result.data.map((o) => o.name)).toContain('Survives Restart Ltd');
    expect(await stop(second.child)).toBe(0);
  });

  it('recovers from a killed launcher: the children exit, the next start stops the orphaned database', async () => {
    const port = await freePort();
    const first = await launch(port);
    first.child.kill('SIGKILL');
    running.delete(first.child);
    // API and worker notice their parent is gone and exit; PostgreSQL is left behind.
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
      if (!res) break;
      await sleep(100);
    }
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    const second = await launch(port);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toMatchObject({
      database: 'up',
    });
    expect(await stop(second.child)).toBe(0);
  });
});
