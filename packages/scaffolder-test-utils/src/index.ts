/**
 * Test utilities of the EKS scaffolder actions, for the module's own tests
 * and the suites in other packages of this repository (reliability): a
 * sandbox with action options pointing at it, mock action contexts, sandbox
 * fixtures, the stand-in helm, and the set-up every action suite shares.
 * A package of its own, never published, so that the published module needs
 * none of the test-only packages these use.
 */
export * from './sandboxHarness';
export * from './sandboxClusters';
export * from './fakeHelm';
export * from './runAsScaffolder';
export * from './fullStackTemplate';
export * from './actionSuite';
