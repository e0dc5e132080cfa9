import type { Meta } from '../trpc.ts';
import { appRouter } from '../root.ts';

export interface ProcedureInfo {
  type: 'query' | 'mutation' | 'subscription';
  meta?: Meta;
  /** The zod schemas given to `.input()`. */
  inputs: unknown[];
}

/** Every procedure of the router by dotted path ('catalog.listTracks'), as tRPC keeps them. */
export function routerProcedures(): Record<string, ProcedureInfo> {
  // oxlint-disable-next-line no-underscore-dangle -- tRPC's router introspection lives in _def
  const flat = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureInfo }>;
  // oxlint-disable-next-line no-underscore-dangle
  return Object.fromEntries(Object.entries(flat).map(([path, p]) => [path, p._def]));
}
