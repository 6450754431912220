import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/', 'node_modules/', 'test/.tmp/', 'bench/.tmp/', 'reports/demo.*', 'test/fixtures/**/*.js']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', performance: 'readonly', AbortController: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortSignal: 'readonly'},
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_'}],
      'no-control-regex': 'off',
    },
  },
  {
    // A check reads like its documentation and imports only the public API (what plugins get).
    files: ['checks/**/*.ts'],
    ignores: ['checks/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {regex: '^\\.\\./\\.\\./src/(?!index\\.js$)', message: 'Checks import only the public entry (src/index.ts); add what you need there.'},
            {regex: '^node:(fs|fs/promises|child_process|net|dgram|http|https|tls|dns|os|worker_threads)$', message: 'Checks do no I/O: ask a source through ctx.use().'},
          ],
        },
      ],
    },
  },
)
