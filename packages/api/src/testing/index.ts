export { createTestDatabase, type TestDatabase } from './database.ts';
export * from './factories.ts';
export { startTestServer, trpcHttp, type TestServer } from './http.ts';
export { routerProcedures, type ProcedureInfo } from './router.ts';
