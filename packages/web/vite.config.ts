import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@credence/source'] },
  server: { proxy: { '/trpc': 'http://localhost:3000', '/exports': 'http://localhost:3000' } },
  build: { outDir: 'dist', sourcemap: true },
});
