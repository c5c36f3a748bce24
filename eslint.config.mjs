// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Module boundaries: web talks to the API over HTTP only; shared depends on nothing of ours. */
const webBoundary = {
  patterns: [{ group: ['@nfc/api', '@nfc/api/*', '@nfc/migrations', '**/api/src/**', '**/api/dist/**', '**/migrations/**'], message: 'web never imports the API: read it over GraphQL (src/lib/api.ts).' }],
};
const sharedBoundary = {
  patterns: [{ group: ['@nfc/api', '@nfc/api/*', '@nfc/web', '@nfc/web/*', '@nfc/migrations', '**/api/**', '**/web/**'], message: 'shared holds types and constants only; it imports neither api nor web.' }],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/.astro/**', '**/node_modules/**', '.data/**', '**/*.astro', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // No consistent-type-imports: with emitDecoratorMetadata, a type-only import of a class
      // would erase the runtime reference type-graphql and TypeORM read.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  { files: ['web/**/*.{ts,mjs,js}'], rules: { 'no-restricted-imports': ['error', webBoundary] } },
  { files: ['shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', sharedBoundary] } },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
