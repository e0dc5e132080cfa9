import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { createdAt } from '../../db/columns.ts';
import { User } from '../users/entities.ts';

/**
 * A server-side session; the cookie holds a random token, the table only its SHA-256.
 * `expiresAt` is the idle deadline, pushed forward while the session is used (never past
 * `createdAt` plus the absolute maximum).
 */
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

/**
 * The counters of rate-limiter-flexible's PostgreSQL store, in the layout the library uses
 * (`key`, `points`, `expire` in epoch milliseconds). Declared here so that a migration creates
 * it once for every API process and the schema tools know it.
 */
export const RateLimit = defineEntity({
  name: 'RateLimit',
  tableName: 'rate_limit',
  properties: {
    key: p.string().length(255).primary(),
    points: p.integer().default(0),
    expire: p.bigint('number').nullable(),
  },
});
export type RateLimit = InferEntity<typeof RateLimit>;

/**
 * A one-time link to set a password: the link carries a random token, the table only its
 * SHA-256. Used once (`usedAt`, set by a conditional update) and only before `expiresAt`.
 */
export const PasswordLink = defineEntity({
  name: 'PasswordLink',
  tableName: 'password_link',
  properties: {
    tokenHash: p.string().length(64).primary(),
    user: () => p.manyToOne(User).deleteRule('cascade').index(),
    createdBy: () => p.manyToOne(User).nullable().deleteRule('set null'),
    createdAt: createdAt(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});
export type PasswordLink = InferEntity<typeof PasswordLink>;
