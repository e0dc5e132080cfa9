import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@credence/source'] },
  test: { include: ['src/**/*.test.ts'] },
});
