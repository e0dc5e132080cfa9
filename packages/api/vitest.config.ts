process.env.LOG_LEVEL ??= 'silent';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources in tests (client and server side).
  resolve: { conditions: ['@credence/source'] },
  ssr: { resolve: { conditions: ['@credence/source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./src/testing/global-setup.ts'],
    // Generous: the suites share a small machine with other work, and a slow run is not a
    // failed one (speed is measured by the benchmarks, never by test timeouts).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: process.env.LOG_LEVEL },
  },
});
