import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'stream',
  'url',
  'http',
  'https',
  'net',
  'zlib',
  'util',
  'events',
];
const banned = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: banned(
      [
        ...nodeBuiltins,
        'electron',
        '**/electron/**',
        '**/renderer/**',
        'react',
        'react-dom',
        'maplibre-gl',
      ],
      'shared/ is runtime-neutral: no Node, no DOM, no electron/ or renderer/ code.',
    ),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: banned(
      [...nodeBuiltins, 'electron', '**/electron/**'],
      'renderer/ reaches the Node side only through window.itinera.',
    ),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts'],
    rules: banned(
      ['electron', '**/renderer/**'],
      'Only main.ts, preload.ts and ipc.ts import electron; services stay plain Node.',
    ),
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts'],
    rules: banned(['**/renderer/**'], 'electron/ never imports renderer code.'),
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
