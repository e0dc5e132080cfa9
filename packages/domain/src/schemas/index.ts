export * from './common.ts';
export * from './auth.ts';
export * from './catalog.ts';
export * from './learning.ts';
export * from './lists.ts';
export * from './quizzes.ts';
export * from './benchmarks.ts';
