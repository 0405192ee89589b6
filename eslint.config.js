// Lint: strict type-aware rules plus the import boundaries of docs/adr/0004-layers.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** @param {string[]} layers folders under src/ that the files may not import */
const forbid = (layers, extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...layers.map((layer) => ({
          group: [`**/${layer}/**`, `**/${layer}`],
          message: `imports point inward: this layer may not import src/${layer} (see docs/adr/0004-layers.md)`,
        })),
        ...extra,
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/domain/**'],
    rules: forbid(['strategy', 'federation', 'checks', 'scan', 'testnet', 'store', 'services', 'web', 'cli', 'config'], [
      { group: ['node:*', 'pg', '@electric-sql/*', 'hono', 'hono/*', 'undici', 'pino'], message: 'src/domain is pure: no I/O imports' },
    ]),
  },
  { files: ['src/strategy/**', 'src/federation/**'], rules: forbid(['checks', 'scan', 'testnet', 'store', 'services', 'web', 'cli']) },
  // Checks gather and evaluate; the scanner (guard, budgets, scheduling) drives them; the test network serves them.
  // Progress is derived by pure functions; the store feeds them and keeps their results.
  {
    files: ['src/progress/**'],
    rules: forbid(['federation', 'checks', 'scan', 'testnet', 'store', 'services', 'web', 'cli', 'config'], [
      { group: ['node:*', 'pg', '@electric-sql/*', 'hono', 'hono/*', 'undici', 'pino'], message: 'src/progress is pure: no I/O imports' },
    ]),
  },
  { files: ['src/checks/**'], rules: forbid(['scan', 'testnet', 'store', 'services', 'web', 'cli']) },
  { files: ['src/scan/**'], rules: forbid(['testnet', 'services', 'web', 'cli']) },
  { files: ['src/testnet/**'], rules: forbid(['scan', 'store', 'services', 'web', 'cli']) },
  { files: ['src/store/**'], rules: forbid(['scan', 'testnet', 'services', 'web', 'cli']) },
  { files: ['src/services/**'], rules: forbid(['web', 'cli']) },
  { files: ['src/web/**'], rules: forbid(['cli']) },
);
