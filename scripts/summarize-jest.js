#!/usr/bin/env node
// Prints the plain closing line of a Jest JSON report ("N passed, N failed")
// and exits non-zero when a test failed or none ran.
const fs = require('fs');

const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const passed = report.numPassedTests;
const failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`jest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0 || !report.success) {
  process.exit(1);
}
