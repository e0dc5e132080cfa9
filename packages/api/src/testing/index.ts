export { createTestDatabase, type TestDatabase } from './database.ts';
export * from './factories.ts';
export {
  signInCookie,
  startTestServer,
  trpcHttp,
  type TestServer,
  type TrpcErrorData,
} from './http.ts';
export { routerProcedures, type ProcedureInfo } from './router.ts';
