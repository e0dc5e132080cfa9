import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources in tests (client and server side).
  resolve: { conditions: ['@credence/source'] },
  ssr: { resolve: { conditions: ['@credence/source', ...defaultServerConditions] } },
  // Property tests run thousands of cases; a busy machine must not turn them into timeouts.
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
