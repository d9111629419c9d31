import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'nodes/**/*.test.ts',
      'runtime/src/**/*.test.ts',
      'test/**/*.test.ts',
      'editor/src/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'test/e2e/**'],
    // isolated-vm asks for --no-node-snapshot on Node 20+; forks let us pass it to every test process.
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
