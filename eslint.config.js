// ESLint flat config: type-aware rules for the whole project, and the determinism fence around sandboxed code.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'process'];
const sideEffectLibs = ['kafkajs', 'better-sqlite3', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'hono', 'hono/*', 'jose'];

// Type-only imports are erased before bundling, so `import type { Activities }` may cross the fence.
const fence = (extra = []) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: [...nodeBuiltins, ...sideEffectLibs, ...extra, '**/activities/*', '**/adapters/*', '**/api/*', '**/cli/*', '**/worker/*'],
          message: 'Deterministic sandbox code: no I/O, Node built-ins or side-effecting libraries.',
          allowTypeImports: true,
        },
      ],
    },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Not deterministic: take randomness as an argument.' },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/**', '.govflow/**', 'contracts/**', 'bench/results/**', 'bin/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['domain/**/*.ts', 'events/**/*.ts'],
    rules: {
      ...fence(['@temporalio/*']),
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The domain is clock-free: take `now` as an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The domain is clock-free: take `now` as an argument.' },
      ],
    },
  },
  { files: ['workflows/**/*.ts'], rules: fence() },
);
