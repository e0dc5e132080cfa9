import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@credence/api';
import type { ErrorCode } from '@credence/domain';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const isUnauthorized = (error: unknown) =>
  error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED';

export function makeQueryClient() {
  // A session that ended (expired, signed out elsewhere, user deactivated) sends the person
  // back to the sign-in page: any UNAUTHORIZED answer re-asks who is signed in.
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) void client.invalidateQueries({ queryKey: [['auth', 'me']] });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (count, error) =>
          !(error instanceof TRPCClientError && error.data?.httpStatus < 500) && count < 2,
      },
    },
  });
  return client;
}

export function makeTRPCClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: '/trpc',
        maxItems: 10, // the server's maxBatchSize
        fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin' }),
      }),
    ],
  });
}

/** The one place that turns an API error into what a person reads (and per-field messages). */
function isAppError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

export interface AppError {
  /** What a person reads. */
  message: string;
  /** The typed code from the domain's list (`USER.EMAIL_TAKEN`), when the server sent one. */
  appCode: ErrorCode | null;
  /** The input field the error is about (`email`), when there is one. */
  field: string | null;
  /** Messages per input field: zod's, plus the error's own on its field. */
  fields: Record<string, string[] | undefined>;
}

export function parseAppError(error: unknown): AppError {
  if (isAppError(error)) {
    const data = error.data;
    const zodError = data?.zodError;
    const appCode = data?.appCode ?? null;
    const field = data?.field ?? null;
    const fields: Record<string, string[] | undefined> = { ...zodError?.fieldErrors };
    if (!zodError && field) fields[field] = [error.message];
    const first = Object.entries(fields)[0];
    const message = zodError
      ? (zodError.formErrors[0] ?? (first?.[1] ? `${first[0]}: ${first[1][0]}` : 'Check the form'))
      : error.message;
    return { message, appCode, field, fields };
  }
  return {
    message: error instanceof Error ? error.message : 'Something went wrong',
    appCode: null,
    field: null,
    fields: {},
  };
}
