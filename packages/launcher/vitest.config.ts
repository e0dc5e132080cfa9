process.env.LOG_LEVEL ??= 'silent';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources in tests (client and server side).
  resolve: { conditions: ['@credence/source'] },
  ssr: { resolve: { conditions: ['@credence/source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['../api/src/testing/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: process.env.LOG_LEVEL },
  },
});
