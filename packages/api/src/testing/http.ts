import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { closeApp, createApp } from '../app.ts';
import type { MikroORM } from '../db/orm.ts';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** The real Express app on a free loopback port. */
export async function startTestServer(orm: MikroORM, webDist?: string): Promise<TestServer> {
  const app = createApp({ orm, webDist });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await closeApp(app);
    },
  };
}

/** Minimal tRPC-over-HTTP calls for tests that must see status codes and cookies. */
export async function trpcHttp(
  baseUrl: string,
  procedure: string,
  input: unknown,
  options: { cookie?: string; method?: 'GET' | 'POST' } = {},
) {
  const method = options.method ?? 'POST';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.cookie) headers.cookie = options.cookie;
  const url =
    method === 'GET'
      ? `${baseUrl}/trpc/${procedure}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
      : `${baseUrl}/trpc/${procedure}`;
  const res = await fetch(url, {
    method,
    headers,
    ...(method === 'POST' ? { body: JSON.stringify(input ?? null) } : {}),
  });
  const body = (await res.json()) as {
    result?: { data: unknown };
    error?: { message: string; data: { code: string; httpStatus: number } };
  };
  return { status: res.status, body, setCookie: res.headers.getSetCookie() };
}
