export { entities } from './entities.ts';
export { migrate, openOrm, ormConfig, type MikroORM } from './orm.ts';
export {
  defaultDataDir,
  freePort,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from './embedded.ts';
