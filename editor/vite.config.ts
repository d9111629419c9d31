import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @millwright/editor` proxies the admin API (and its websocket) to a local runtime.
const target = process.env['MILLWRIGHT_URL'] ?? 'http://127.0.0.1:1880';

export default defineConfig({
  plugins: [react()],
  base: './',
  // The model's TypeScript sources, not its compiled dist (docs/decisions/0004-compiled-javascript.md).
  resolve: { conditions: ['@millwright/source', 'module', 'browser', 'development|production'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    // The dashboard app (served at /dashboard/<page>) is its own entry: it loads none of the editor's code.
    rollupOptions: { input: { editor: 'index.html', dashboard: 'dashboard.html' } },
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target, ws: true, changeOrigin: true } },
  },
});
