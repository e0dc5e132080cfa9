import type { EntityManager, InferKyselyDB } from '@mikro-orm/postgresql';
import {
  PostgresQueryCompiler,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import type { entities } from './entities.ts';

/** The database as Kysely sees it: tables and columns typed from the `defineEntity` entities. */
export type Database = InferKyselyDB<(typeof entities)[number]>;

/**
 * Reports every statement Kysely runs to the ORM's logger, like the ORM's own statements: the
 * debug log shows them and the statement counters of tests and benchmarks see them. (Kysely
 * runs on the ORM's connections but not through its logging.) The SQL text is compiled for the
 * log only when query logging is on.
 */
class OrmStatementLog implements KyselyPlugin {
  readonly #em: EntityManager;
  constructor(em: EntityManager) {
    this.#em = em;
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const logger = this.#em.config.getLogger();
    const query = logger.isEnabled('query')
      ? new PostgresQueryCompiler().compileQuery(args.node, args.queryId).sql
      : `-- kysely ${args.node.kind}`;
    logger.logQuery({ namespace: 'query', level: 'info', query });
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/**
 * A typed query builder on the entity manager's connection: inside `em.transactional` it runs
 * in that transaction. Column and table names are the database's (snake_case).
 */
export function kysely(em: EntityManager): Kysely<Database> {
  return em.getKysely<Database>().withPlugin(new OrmStatementLog(em));
}
