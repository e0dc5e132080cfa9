import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';

/** Columns every table shares: a UUID generated in the app, and creation/update times. */
export const id = () =>
  p
    .uuid()
    .primary()
    .onCreate(() => randomUUID());
export const createdAt = () => p.datetime().onCreate(() => new Date());
export const updatedAt = () =>
  p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date());
