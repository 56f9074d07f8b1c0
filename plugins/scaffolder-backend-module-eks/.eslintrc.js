module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // the action suites' shared assertion (actionSuite.ts in @backstage-eks/scaffolder-test-utils)
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectRefusedBeforeAnyWrite'] },
    ],
  },
  overrides: [require('../eslintProductSize')],
});
