export { entities } from './entities.ts';
export { migrate, openOrm, ormConfig, type MikroORM } from './orm.ts';
export {
  defaultDataDir,
  freePort,
  releaseSignalHandlers,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from './embedded.ts';
