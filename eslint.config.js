// Lint rules that keep the layers honest: web code (kernel, plugins, shell UI) must not reach for Node,
// plugins must not reach into the kernel's internals or the shell.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeOnly = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'net', 'pcsclite'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/artifacts/**', 'coverage/**', 'examples/*/dist/**', 'examples/*/release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    // Web code runs in NW.js and in a plain browser: Node APIs only behind interfaces, in */node/ folders.
    files: ['kernel/**/*.{ts,tsx}', 'plugins/**/*.{ts,tsx}', 'shell/app/**/*.{ts,tsx}'],
    ignores: ['kernel/node/**', '**/*.test.ts', '**/*.test.tsx', '**/*.test-support.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: nodeOnly.map((group) => ({ group: [group], message: 'Web code must not import Node modules; put it behind an interface in a node/ folder.' })) }],
    },
  },
  {
    // Plugins see the kernel only through its public API.
    files: ['plugins/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/*.test-support.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...nodeOnly.map((group) => ({ group: [group], message: 'Plugins are web code.' })),
          { group: ['**/shell/**'], message: 'Plugins must not import shell internals.' },
          { regex: '^(\\.\\./)+kernel/(?!api(/|$))', message: 'Plugins import the kernel only through kernel/api.' },
        ],
      }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['scripts/**', 'bin/**', 'test/**', 'shell/cli/**', 'shell/web/server/**', 'kernel/node/**', '*.config.*'],
    rules: { 'no-console': 'off' },
  },
);
