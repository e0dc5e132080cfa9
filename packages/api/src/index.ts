export type { AppRouter } from './root.ts';
export { appRouter } from './root.ts';
export { createApp } from './app.ts';
