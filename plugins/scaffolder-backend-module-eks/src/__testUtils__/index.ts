/**
 * Test utilities of the EKS scaffolder actions, for suites in other packages
 * (`@backstage-eks/plugin-scaffolder-backend-module-eks/testUtils`): a
 * sandbox with action options pointing at it, mock action contexts, sandbox
 * fixtures, the stand-in helm, and the set-up every action suite shares.
 */
export * from './sandboxHarness';
export * from './sandboxClusters';
export * from './fakeHelm';
export * from './runAsScaffolder';
export * from './fullStackTemplate';
export * from './actionSuite';
