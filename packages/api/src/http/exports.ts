import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';

/** CSV exports under /exports, authorised by the same session cookie as the API. */
export function exportsRouter(_orm: MikroORM): Router {
  const router = Router();
  return router;
}
export type { EntityManager };
