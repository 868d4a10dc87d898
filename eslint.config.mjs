// @ts-check
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * Lib import rules of ARCHITECTURE.md, enforced with element types ("tags"):
 * core <- everything; contracts -> core; context libs -> core, contracts,
 * persistence, auth; only the app composes everything; testing is dev-only.
 */
const CONTEXT_BASE = ['core', 'contracts', 'persistence', 'auth'];
const allowed = {
  core: [],
  contracts: ['core'],
  persistence: ['core', 'contracts'],
  auth: ['core', 'contracts', 'persistence'],
  audit: CONTEXT_BASE,
  boards: CONTEXT_BASE,
  cases: [...CONTEXT_BASE, 'boards'],
  notes: [...CONTEXT_BASE, 'cases', 'boards'],
  voting: [...CONTEXT_BASE, 'cases', 'boards', 'notes'],
  media: [...CONTEXT_BASE, 'boards'],
  'second-opinions': [...CONTEXT_BASE, 'boards', 'cases', 'voting'],
  live: [...CONTEXT_BASE, 'boards', 'cases', 'voting', 'media'],
  testing: ['core', 'contracts', 'persistence'],
  app: ['core', 'contracts', 'persistence', 'auth', 'audit', 'boards', 'cases', 'notes', 'voting', 'media', 'second-opinions', 'live'],
  tests: [
    'core', 'contracts', 'persistence', 'auth', 'audit', 'boards', 'cases', 'notes', 'voting', 'media', 'second-opinions', 'live', 'testing', 'app',
  ],
  bench: [
    'core', 'contracts', 'persistence', 'auth', 'audit', 'boards', 'cases', 'notes', 'voting', 'media', 'second-opinions', 'live', 'testing', 'app',
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { alwaysTryTypes: true, project: './tsconfig.json' } },
      'boundaries/include': ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
      'boundaries/elements': [
        { type: 'core', pattern: 'libs/core/src' },
        { type: 'contracts', pattern: 'libs/contracts/src' },
        { type: 'persistence', pattern: 'libs/persistence/src' },
        { type: 'auth', pattern: 'libs/auth/src' },
        { type: 'audit', pattern: 'libs/audit/src' },
        { type: 'boards', pattern: 'libs/boards/src' },
        { type: 'cases', pattern: 'libs/cases/src' },
        { type: 'notes', pattern: 'libs/notes/src' },
        { type: 'voting', pattern: 'libs/voting/src' },
        { type: 'media', pattern: 'libs/media/src' },
        { type: 'second-opinions', pattern: 'libs/second-opinions/src' },
        { type: 'live', pattern: 'libs/live/src' },
        { type: 'testing', pattern: 'libs/testing/src' },
        { type: 'app', pattern: 'apps/server/src' },
        { type: 'tests', pattern: 'test' },
        { type: 'bench', pattern: 'bench' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        2,
        {
          default: 'disallow',
          policies: Object.entries(allowed).map(([from, to]) => ({
            from: { element: { type: from } },
            allow: { to: { element: { types: { anyOf: [from, ...to] } } } },
          })),
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@app/*/*'], message: 'Import a lib through its index: @app/<lib>, never a deep path.' }] },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@app/*/*'], message: 'Import a lib through its index: @app/<lib>, never a deep path.' },
            {
              group: ['**/libs/*', '**/libs/*/**', '**/apps/*/**', '../../*/src', '../../*/src/**', '../../../*/src/**'],
              message: 'Cross-lib imports go through @app/<lib>, never a relative path into another lib.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
