import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources in tests (client and server side).
  resolve: { conditions: ['@credence/source'] },
  ssr: { resolve: { conditions: ['@credence/source', ...defaultServerConditions] } },
  test: { include: ['src/**/*.test.ts'] },
});
