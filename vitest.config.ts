import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests run the TypeScript sources: the `@millwright/source` export condition points every workspace
// package at its src/ instead of its compiled dist/ (docs/decisions/0004-compiled-javascript.md).
// Vitest resolves with `conditions`; Node (externalized modules, child processes) with --conditions.
const conditions = ['@millwright/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'nodes/**/*.test.ts',
      'runtime/src/**/*.test.ts',
      'test/**/*.test.ts',
      'editor/src/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/e2e/**'],
    // isolated-vm asks for --no-node-snapshot; forks let us pass it to every test process.
    pool: 'forks',
    execArgv: ['--no-node-snapshot', '--conditions=@millwright/source'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
