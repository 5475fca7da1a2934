// Lint with zero warnings. The import rules below are the architecture (DESIGN.md, STYLE.md):
// core is pure, the renderer sees only core, and only main/electron and preload touch Electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layersPlugin, wingsPlugin } from './eslint-rules/layers.mjs';

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'net', 'http', 'https', 'url', 'stream', 'worker_threads'];
const electron = { group: ['electron'], message: 'Only main/electron and preload may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'db/migrations/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description', 'ts-ignore': true }],
      'no-console': 'error',
    },
  },
  {
    // Which folder may import which: eslint-rules/layers.mjs (DESIGN.md rule 1).
    files: ['{core,common,db,services,main,preload,renderer,server}/**/*.{ts,tsx}'],
    plugins: { bb: layersPlugin },
    rules: { 'bb/layers': 'error' },
  },
  {
    // The wings of services/ and their order: eslint-rules/layers.mjs (docs/foundation.md).
    files: ['services/**/*.ts'],
    plugins: { wings: wingsPlugin },
    rules: { 'wings/wings': 'error' },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'core/ is pure: no Node built-ins.' },
            electron,
            {
              group: ['react', 'react-*', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'fastify', 'pino'],
              message: 'core/ is pure: no I/O libraries.',
            },
            {
              group: ['**/db/**', '**/services/**', '**/main/**', '**/renderer/**', '**/server/**', '**/preload/**'],
              message: 'core/ imports nothing of ours outside core/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs sandboxed: no Node built-ins.' },
            electron,
            {
              group: ['**/db/**', '**/services/**', '**/main/**', '**/server/**', '**/preload/**', 'better-sqlite3', 'drizzle-orm'],
              message: 'The renderer talks to the app only through window.buurtbalie (api-client.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'db/**/*.ts',
      'services/**/*.ts',
      'main/browser/**/*.ts',
      'main/*.ts',
      'server/**/*.ts',
      'scripts/**/*.{ts,mjs}',
      'bench/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [electron, { group: ['**/renderer/**'], message: 'Only the renderer imports renderer code.' }] },
      ],
    },
  },
  {
    files: ['main/browser/cli.ts', 'scripts/**/*.{ts,mjs}', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // The Electron stub is CommonJS by nature; the Electron probe resolves the binary path.
    files: ['tests/smoke/electron-stub.cjs', 'tests/electron/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
