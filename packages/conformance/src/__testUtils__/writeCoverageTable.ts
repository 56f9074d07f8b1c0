/* eslint-disable no-console */
import { AWS_CASES } from './awsCases';
import { coverageTable, SANDBOX_README, writeReadmeTable } from './coverage';
import { KUBECTL_CASES } from './kubectlCases';

/** `yarn workspace conformance-tests coverage-table`: writes the coverage table into the sandbox README. */
writeReadmeTable(coverageTable([...AWS_CASES, ...KUBECTL_CASES]));
console.log(`wrote the conformance table into ${SANDBOX_README}`);
