module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // Product code reads as small named parts (issue 15): no function over
      // 80 lines, no file over 400 lines. Tests and fixtures are not held to it.
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
    },
  ],
});
