import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

process.env.LOG_LEVEL ??= 'silent';

/** Browser tests: the built app served by the real API, driven in headless Chromium. */
export default defineConfig({
  // Workspace packages resolve to their TypeScript sources in tests (client and server side).
  resolve: { conditions: ['@credence/source'] },
  ssr: { resolve: { conditions: ['@credence/source', ...defaultServerConditions] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['../api/src/testing/global-setup.ts'],
    // A busy machine (CI) hashes passwords and renders pages slowly: wait, but assert the same.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    expect: { poll: { timeout: 15_000 } },
    env: { LOG_LEVEL: process.env.LOG_LEVEL },
  },
});
