import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { createdAt } from '../../db/columns.ts';
import { User } from '../users/entities.ts';

/** A server-side session; the cookie holds a random token, the table only its SHA-256. */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: {
    tokenHash: p.string().length(64).primary(),
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    createdAt: createdAt(),
    expiresAt: p.datetime().index(),
  },
});
export type Session = InferEntity<typeof Session>;

/** One row per failed sign-in; the rate limit counts them over a sliding minute. */
export const LoginFailure = defineEntity({
  name: 'LoginFailure',
  tableName: 'login_failure',
  properties: {
    id: p.bigint().primary().autoincrement(),
    key: p.string().length(400),
    at: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['key', 'at'] }],
});
export type LoginFailure = InferEntity<typeof LoginFailure>;
