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
    error?: { message: string; data: TrpcErrorData };
  };
  return { status: res.status, body, setCookie: res.headers.getSetCookie() };
}

/** The `data` of a tRPC error response (see ARCHITECTURE.md, "Errors"). */
export interface TrpcErrorData {
  code: string;
  httpStatus: number;
  path: string | null;
  appCode: string;
  field: string | null;
  reference: string | null;
  zodError: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
}

/** Signs in over HTTP and returns the Cookie header for the session. */
export async function signInCookie(baseUrl: string, email: string, password: string) {
  const login = await trpcHttp(baseUrl, 'auth.login', { email, password });
  if (login.status !== 200) throw new Error(`sign-in failed with ${login.status}`);
  return login.setCookie.map((c) => c.split(';')[0]).join('; ');
}
