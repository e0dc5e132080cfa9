export { startWorker } from './worker.ts';
export { createAgenda } from './queue.ts';
