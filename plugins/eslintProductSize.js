/**
 * The ESLint override every plugin's .eslintrc.js uses: product code reads as
 * small named parts (issue 15), no function over 80 lines and no file over
 * 400 lines. Tests, fixtures and generated code are not held to it.
 */
module.exports = {
  files: ['src/**/*.{ts,tsx}'],
  excludedFiles: [
    '**/*.test.{ts,tsx}',
    '**/__testUtils__/**',
    '**/__fixtures__/**',
    '**/generated/**',
  ],
  rules: {
    'max-lines-per-function': ['error', { max: 80 }],
    'max-lines': ['error', { max: 400 }],
  },
};
