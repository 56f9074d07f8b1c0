module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // the action suites' shared assertion (src/__testUtils__/actionSuite.ts)
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectRefusedBeforeAnyWrite'] },
    ],
  },
  overrides: [require('../eslintProductSize')],
});
