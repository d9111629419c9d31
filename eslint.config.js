import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.tmp/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Layer rules (STYLE.md section 1): who may import whom.
  {
    files: ['packages/model/src/**/*.ts'],
    rules: {
      'no-restricted-imports': layer(
        ['node:*', 'express', 'ws', '@millwright/*'],
        'model is pure data: no IO, no other workspaces',
      ),
    },
  },
  {
    files: ['packages/isa95/src/**/*.ts'],
    ignores: ['packages/isa95/src/**/*.test.ts', 'packages/isa95/src/test-support/**'],
    rules: {
      'no-restricted-imports': layer(
        ['node:*', 'express', 'ws', '@millwright/sdk*', '@millwright/runtime*', '@millwright/nodes-*'],
        'isa95 turns strings into objects and back: no IO, only @millwright/model',
      ),
    },
  },
  {
    files: ['packages/sdk/src/**/*.ts'],
    rules: {
      'no-restricted-imports': layer(
        ['@millwright/runtime*', '@millwright/editor*', '@millwright/nodes-*', 'express', 'ws'],
        'sdk depends on model only',
      ),
    },
  },
  {
    files: ['nodes/**/*.ts'],
    rules: {
      'no-restricted-imports': layer(
        ['@millwright/runtime*', '**/runtime/src/**'],
        'nodes use the public sdk, never runtime internals',
      ),
    },
  },
  {
    files: ['editor/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': layer(
        ['@millwright/runtime*', '**/runtime/**', '@millwright/nodes-*', '**/nodes/**', 'node:*'],
        'the editor reaches the runtime through the admin API only (types from @millwright/model)',
      ),
    },
  },
  {
    files: ['runtime/bin/*.js', 'scripts/*.mjs', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
