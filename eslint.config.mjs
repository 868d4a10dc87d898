// @ts-check
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Lib import rules of ARCHITECTURE.md, enforced with element types ("tags"):
 * core <- everything; contracts -> core; context libs -> core, contracts,
 * persistence, auth; only the app composes everything; testing is dev-only.
 * openapi (the response decorators and the document's contract schemas) ->
 * contracts, and every lib with controllers may use it.
 */
const CONTEXT_BASE = ['core', 'contracts', 'persistence', 'auth', 'openapi'];
const allowed = {
  core: [],
  contracts: ['core'],
  openapi: ['contracts'],
  persistence: ['core', 'contracts'],
  auth: ['core', 'contracts', 'persistence', 'openapi'],
  audit: CONTEXT_BASE,
  boards: CONTEXT_BASE,
  cases: [...CONTEXT_BASE, 'boards'],
  notes: [...CONTEXT_BASE, 'cases', 'boards'],
  reports: ['core', 'contracts'],
  voting: [...CONTEXT_BASE, 'cases', 'boards', 'notes', 'reports'],
  webhooks: [...CONTEXT_BASE, 'boards', 'voting'],
  media: [...CONTEXT_BASE, 'boards'],
  'second-opinions': [...CONTEXT_BASE, 'boards', 'cases', 'voting', 'reports'],
  quality: [...CONTEXT_BASE, 'boards', 'cases', 'voting', 'live', 'second-opinions'],
  live: [...CONTEXT_BASE, 'boards', 'cases', 'voting', 'media'],
  imaging: [...CONTEXT_BASE, 'boards', 'cases'],
  sso: CONTEXT_BASE,
  testing: ['core', 'contracts', 'persistence'],
  app: ['core', 'contracts', 'persistence', 'auth', 'audit', 'boards', 'cases', 'notes', 'voting', 'media', 'second-opinions', 'live', 'openapi', 'reports', 'webhooks', 'quality', 'imaging', 'sso'],
  tests: [
    'core', 'contracts', 'persistence', 'auth', 'audit', 'boards', 'cases', 'notes', 'voting', 'media', 'second-opinions', 'live', 'testing', 'app', 'openapi', 'reports', 'webhooks', 'quality', 'imaging', 'sso',
  ],
  bench: [
    'core', 'contracts', 'persistence', 'auth', 'audit', 'boards', 'cases', 'notes', 'voting', 'media', 'second-opinions', 'live', 'testing', 'app', 'openapi', 'reports', 'webhooks', 'quality', 'imaging', 'sso',
  ],
};

/** The lib import rule; `alsoAllowed` widens every element's allowance (e.g. for specs). */
function dependencyRule(alsoAllowed = []) {
  return [
    2,
    {
      default: 'disallow',
      policies: Object.entries(allowed).map(([from, to]) => ({
        from: { element: { type: from } },
        allow: { to: { element: { types: { anyOf: [from, ...to, ...alsoAllowed] } } } },
      })),
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'apps/web/dist/**',
      'apps/web/src/api/schema.d.ts',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    ignores: ['apps/web/**'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { alwaysTryTypes: true, project: './tsconfig.json' } },
      'boundaries/include': ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
      'boundaries/elements': [
        { type: 'core', pattern: 'libs/core/src' },
        { type: 'contracts', pattern: 'libs/contracts/src' },
        { type: 'openapi', pattern: 'libs/openapi/src' },
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
        { type: 'reports', pattern: 'libs/reports/src' },
        { type: 'webhooks', pattern: 'libs/webhooks/src' },
        { type: 'quality', pattern: 'libs/quality/src' },
        { type: 'imaging', pattern: 'libs/imaging/src' },
        { type: 'sso', pattern: 'libs/sso/src' },
        { type: 'testing', pattern: 'libs/testing/src' },
        { type: 'app', pattern: 'apps/server/src' },
        { type: 'tests', pattern: 'test' },
        { type: 'bench', pattern: 'bench' },
      ],
    },
    rules: {
      'boundaries/dependencies': dependencyRule(),
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
  /**
   * Pure rules (each lib's `domain/` folder) load nothing of another context at run time: another lib's
   * index brings its Nest modules and TypeORM with it. Core and contracts are plain code; a type
   * from another lib costs nothing at run time and stays allowed (specs keep the testing lib's
   * fixtures, which the lib rule above already keeps out of production code).
   */
  {
    files: ['libs/*/src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/*', '!@app/core', '!@app/contracts', '!@app/testing'],
              allowTypeImports: true,
              message: 'Domain code takes only types from another lib (`import type`); values come from core or contracts, or are passed in.',
            },
            { group: ['@nestjs/*', 'typeorm'], message: 'Domain code is pure: no Nest, no TypeORM.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  /** A lib's unit specs may use the shared fixtures of the testing lib; its production code may not. */
  {
    files: ['libs/**/*.spec.ts'],
    rules: { 'boundaries/dependencies': dependencyRule(['testing']) },
  },
  /**
   * The web client (bulletproof-react's rule): a feature imports `api/`, `ui/` and the shared
   * contracts, never another feature; `app/` composes features into routes; `ui/` and `api/`
   * know nothing of features or the app.
   */
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { boundaries, 'react-hooks': reactHooks },
    settings: {
      'import/resolver': {
        typescript: { alwaysTryTypes: true, project: './apps/web/tsconfig.json' },
      },
      'boundaries/include': ['apps/web/src/**/*', 'libs/contracts/src/**/*'],
      'boundaries/elements': [
        { type: 'web-app', pattern: 'apps/web/src/app' },
        { type: 'web-feature', pattern: 'apps/web/src/features/*', capture: ['feature'] },
        { type: 'web-api', pattern: 'apps/web/src/api' },
        { type: 'web-ui', pattern: 'apps/web/src/ui' },
        { type: 'web-test', pattern: 'apps/web/src/test' },
        { type: 'contracts', pattern: 'libs/contracts/src' },
      ],
      // A feature's tests and its test fixtures (`testing.tsx`), which may use the shared harness.
      'boundaries/files': [
        { category: 'test', pattern: ['apps/web/src/**/*.test.{ts,tsx}', 'apps/web/src/features/*/testing.{ts,tsx}'] },
      ],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'boundaries/dependencies': [
        2,
        {
          default: 'disallow',
          policies: [
            {
              from: { element: { type: 'web-app' } },
              allow: { to: { element: { types: { anyOf: ['web-app', 'web-feature', 'web-api', 'web-ui', 'contracts'] } } } },
            },
            {
              from: { element: { type: 'web-feature' } },
              allow: {
                to: {
                  element: { types: { anyOf: ['web-api', 'web-ui', 'contracts'] } },
                },
              },
            },
            {
              from: { element: { type: 'web-feature', captured: { feature: '{{ from.captured.feature }}' } } },
              allow: { to: { element: { type: 'web-feature', captured: { feature: '{{ from.captured.feature }}' } } } },
            },
            { from: { element: { type: 'web-api' } }, allow: { to: { element: { types: { anyOf: ['web-api', 'contracts'] } } } } },
            { from: { element: { type: 'web-ui' } }, allow: { to: { element: { types: { anyOf: ['web-ui', 'web-api', 'contracts'] } } } } },
            { from: { element: { type: 'web-test' } }, allow: { to: { element: { types: { anyOf: ['web-test', 'web-api', 'web-ui', 'contracts'] } } } } },
            { from: { element: { type: 'web-feature' }, file: { categories: 'test' } }, allow: { to: { element: { type: 'web-test' } } } },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
