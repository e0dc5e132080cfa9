process.env.LOG_LEVEL ??= 'silent';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@credence/source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: process.env.LOG_LEVEL },
  },
});
